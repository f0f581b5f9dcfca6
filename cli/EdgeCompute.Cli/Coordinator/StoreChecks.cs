using EdgeCompute.Cli.Hosting;
using EdgeCompute.Coordinator.Runtime;
using EdgeCompute.Coordinator.Storage.Integrity;

namespace EdgeCompute.Cli.Coordinator;

/// <summary>The coordinator's start-up check of its SQLite files (<see cref="StartupIntegrity"/>): a damaged file stops it with exit 78, named.</summary>
internal static class StoreChecks
{
    /// <summary>Runs the check; throws a configuration error naming the first damaged file.</summary>
    /// <param name="options">The coordinator's settings.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that completes when every file passed.</returns>
    public static async Task RefuseDamagedAsync(CoordinatorOptions options, CancellationToken cancellationToken)
    {
        IReadOnlyList<StoreIntegrityReport> reports;
        try
        {
            reports = await StartupIntegrity.CheckAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (CommandFailures.Folder(e, "--data", Path.GetFullPath(options.DataFolder), "the coordinator's stores") is { } failure)
        {
            throw failure;
        }

        if (reports.FirstOrDefault(r => !r.IsIntact) is { } damaged)
        {
            throw CommandFailedException.Configuration(
                $"--data: {damaged.Summary}; the coordinator does not run on a damaged store: restore the file from a backup " +
                "(docs/operations.md, \"Backup and restore of the ledger\") or move it aside");
        }
    }
}
