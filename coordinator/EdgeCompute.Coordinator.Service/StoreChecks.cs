using EdgeCompute.Coordinator.Runtime;
using EdgeCompute.Coordinator.Storage.Integrity;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EdgeCompute.Coordinator.Service;

/// <summary>The coordinator's start-up check of its stores (<see cref="StartupIntegrity"/>): a damaged or unusable store stops it, named.</summary>
public static class StoreChecks
{
    /// <summary>Runs the check; throws naming the data folder (or the PostgreSQL database) and the first damaged file.</summary>
    /// <param name="options">The coordinator's settings.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that completes when every store passed.</returns>
    /// <exception cref="CoordinatorStartException">A store is damaged or cannot be used.</exception>
    public static async Task RefuseDamagedAsync(CoordinatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var setting = options.PostgresConnectionString is null ? CoordinatorSetting.DataFolder : CoordinatorSetting.PostgresConnectionString;
        IReadOnlyList<StoreIntegrityReport> reports;
        try
        {
            reports = await StartupIntegrity.CheckAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException or NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw new CoordinatorStartException(setting, StartFailures.ExitCodeOf(e), $"{StoreName(options)}: the coordinator's stores cannot be used there: {e.Message}", e);
        }

        if (reports.FirstOrDefault(r => !r.IsIntact) is { } damaged)
        {
            throw new CoordinatorStartException(setting, CoordinatorServiceExtensions.ConfigurationErrorExitCode,
                $"{damaged.Summary}; the coordinator does not run on a damaged store: restore the file from a backup " +
                "(docs/operations.md, \"Backup and restore of the ledger\") or move it aside");
        }
    }

    /// <summary>The store for messages: the data folder's full path, or "the PostgreSQL database".</summary>
    /// <param name="options">The coordinator's settings.</param>
    /// <returns>The text.</returns>
    public static string StoreName(CoordinatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.PostgresConnectionString is null ? Path.GetFullPath(options.DataFolder) : "the PostgreSQL database";
    }
}
