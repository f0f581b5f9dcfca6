using EdgeCompute.Cli.Hosting;
using EdgeCompute.Coordinator.Runtime;
using EdgeCompute.Coordinator.Storage.Integrity;
using EdgeCompute.Coordinator.Storage.Ledger;
using Npgsql;

namespace EdgeCompute.Cli.Coordinator;

/// <summary>Where the coordinator's stores are: a data folder of SQLite files, or a PostgreSQL database.</summary>
/// <param name="DataFolder">The full path of the data folder; null with PostgreSQL.</param>
/// <param name="PostgresConnectionString">The connection string; null with SQLite.</param>
internal sealed record StoreLocation(string? DataFolder, string? PostgresConnectionString)
{
    /// <summary>Gets the ledger's SQLite file (<see cref="CoordinatorStores.SqliteFiles"/>); null with PostgreSQL.</summary>
    public string? LedgerFile => DataFolder is null ? null : Path.Combine(DataFolder, CoordinatorStores.SqliteFiles.Ledger);

    /// <summary>Gets the store for people: the SQLite file or "PostgreSQL" with the host and database (never the password).</summary>
    public string Description => LedgerFile ?? DescribePostgres(PostgresConnectionString!);

    /// <summary>
    /// Opens an existing ledger, never creating one: the SQLite file must exist; the PostgreSQL database must be reachable
    /// and hold the ledger's tables. Anything missing is a configuration error (exit 78) naming the option.
    /// </summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The ledger store.</returns>
    public async Task<ILedgerStore> OpenExistingLedgerAsync(CancellationToken cancellationToken)
    {
        if (LedgerFile is { } file)
        {
            if (!File.Exists(file))
            {
                throw CommandFailedException.Configuration(
                    $"--data: no ledger in {DataFolder} ({CoordinatorStores.SqliteFiles.Ledger} does not exist; the coordinator makes it on its first run)");
            }

            try
            {
                return await SqliteLedgerStore.OpenAsync(file, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                throw CommandFailedException.Configuration($"--data: cannot open {file} as a ledger: {e.Message}", e);
            }
        }

        var connectionString = PostgresConnectionString!;
        try
        {
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var command = new NpgsqlCommand("SELECT to_regclass('ledger_entries') IS NOT NULL", connection);
                if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
                {
                    throw CommandFailedException.Configuration($"--postgres: no ledger in {Description} (the table ledger_entries does not exist; the coordinator makes it on its first run)");
                }
            }

            return await PostgresLedgerStore.OpenAsync(connectionString, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw CommandFailedException.Configuration($"--postgres: cannot reach {Description}: {e.Message}");
        }
    }

    /// <summary>The tables of the ledger, whose indexes <see cref="CheckIntegrityAsync"/> checks on PostgreSQL.</summary>
    public static IReadOnlyList<string> LedgerTables { get; } = ["ledger_entries", "ledger_postings", "ledger_balances", "ledger_statements"];

    /// <summary>Gets the option that names this store: <c>--data</c> or <c>--postgres</c>.</summary>
    public string Option => DataFolder is null ? "--postgres" : "--data";

    /// <summary>
    /// Runs the store's own integrity check on the ledger: SQLite's <c>PRAGMA integrity_check</c> on <c>ledger.db</c>, or on
    /// PostgreSQL amcheck's <c>bt_index_check</c> on the ledger's indexes when the extension is installed (the report says
    /// what was checked when it is not).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The report.</returns>
    public Task<StoreIntegrityReport> CheckIntegrityAsync(CancellationToken cancellationToken) =>
        LedgerFile is { } file
            ? SqliteIntegrity.CheckAsync(file, quick: false, cancellationToken)
            : PostgresIntegrity.CheckAsync(PostgresConnectionString!, LedgerTables, cancellationToken);

    private static string DescribePostgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
    }
}
