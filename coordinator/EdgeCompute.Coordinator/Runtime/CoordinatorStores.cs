using EdgeCompute.Coordinator.Storage.Blobs;
using EdgeCompute.Coordinator.Storage.Ledger;
using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Coordinator.Storage.Work;

namespace EdgeCompute.Coordinator.Runtime;

/// <summary>The coordinator's stores, opened together on SQLite files (and the blob folder beside them) or on one PostgreSQL database.</summary>
public sealed class CoordinatorStores : IAsyncDisposable
{
    private CoordinatorStores(ILedgerStore ledger, ITelemetryStore telemetry, ITelemetryWindowReader windows, IWorkStore work, IBlobStore blobs, string description)
    {
        Blobs = blobs;
        Ledger = ledger;
        Telemetry = telemetry;
        Windows = windows;
        Work = work;
        Description = description;
    }

    /// <summary>Gets the ledger.</summary>
    public ILedgerStore Ledger { get; }

    /// <summary>Gets the telemetry store.</summary>
    public ITelemetryStore Telemetry { get; }

    /// <summary>Gets the telemetry store's window reader (data rewards).</summary>
    public ITelemetryWindowReader Windows { get; }

    /// <summary>Gets the work store.</summary>
    public IWorkStore Work { get; }

    /// <summary>Gets the blob store (modules and inputs by hash).</summary>
    public IBlobStore Blobs { get; }

    /// <summary>Gets where the stores are, for logs.</summary>
    public string Description { get; }

    /// <summary>The SQLite file names inside the data folder.</summary>
    public static (string Ledger, string Telemetry, string Work) SqliteFiles { get; } = ("ledger.db", "telemetry.db", "work.db");

    /// <summary>The blob store's SQLite file and folder of blob files inside the data folder.</summary>
    public static (string Database, string Folder) BlobFiles { get; } = ("blobs.db", "blobs");

    /// <summary>Opens the stores the options name (creating files and schemas when missing).</summary>
    /// <param name="options">The settings.</param>
    /// <param name="time">The ledger's clock.</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    /// <returns>The stores.</returns>
    public static async Task<CoordinatorStores> OpenAsync(CoordinatorOptions options, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PostgresConnectionString is { } connection)
        {
            var ledger = await PostgresLedgerStore.OpenAsync(connection, time, cancellationToken).ConfigureAwait(false);
            var telemetry = await PostgresTelemetryStore.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
            var work = await PostgresWorkStore.OpenAsync(connection, "public", cancellationToken).ConfigureAwait(false);
            var blobs = await PostgresBlobStore.OpenAsync(connection, "public", Path.Combine(Path.GetTempPath(), $"edgecompute-blob-staging-{Environment.ProcessId}"), time, cancellationToken)
                .ConfigureAwait(false);
            return new CoordinatorStores(ledger, telemetry, telemetry, work, blobs, "PostgreSQL");
        }

        Directory.CreateDirectory(options.DataFolder);
        var (ledgerFile, telemetryFile, workFile) = SqliteFiles;
        var sqliteLedger = await SqliteLedgerStore.OpenAsync(Path.Combine(options.DataFolder, ledgerFile), time, cancellationToken).ConfigureAwait(false);
        var sqliteTelemetry = await SqliteTelemetryStore.OpenAsync(Path.Combine(options.DataFolder, telemetryFile), cancellationToken).ConfigureAwait(false);
        var sqliteWork = await SqliteWorkStore.OpenAsync(Path.Combine(options.DataFolder, workFile), cancellationToken).ConfigureAwait(false);
        var sqliteBlobs = await SqliteBlobStore.OpenAsync(Path.Combine(options.DataFolder, BlobFiles.Database), Path.Combine(options.DataFolder, BlobFiles.Folder), time,
            cancellationToken).ConfigureAwait(false);
        return new CoordinatorStores(sqliteLedger, sqliteTelemetry, sqliteTelemetry, sqliteWork, sqliteBlobs, $"SQLite in {Path.GetFullPath(options.DataFolder)}");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Blobs.DisposeAsync().ConfigureAwait(false);
        await Work.DisposeAsync().ConfigureAwait(false);
        await Telemetry.DisposeAsync().ConfigureAwait(false);
        await Ledger.DisposeAsync().ConfigureAwait(false);
    }
}
