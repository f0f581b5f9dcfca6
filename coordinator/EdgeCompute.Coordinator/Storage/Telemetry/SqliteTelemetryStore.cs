using EdgeCompute.Coordinator.Domain.Epochs.Quality;
using System.Data;
using Microsoft.Data.Sqlite;

namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>
/// Telemetry in a SQLite file (the default): WAL, <c>synchronous=NORMAL</c>; each batch is one <c>BEGIN IMMEDIATE</c>
/// transaction, so writers on the same file take turns and a batch is stored whole or not at all.
/// </summary>
public sealed class SqliteTelemetryStore : ITelemetryStore, ITelemetryWindowReader, ITelemetrySequenceReader, IDeviceNodeReader, INodeSeenReader, IGatewayStatusReader, IDeviceQualityStore, IBootReuseReader
{
    /// <summary>How long a writer waits for another's lock.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private readonly string _connectionString;

    private SqliteTelemetryStore(string connectionString) => _connectionString = connectionString;

    /// <summary>Opens (creating when missing) the file and its schema.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The store.</returns>
    public static async Task<SqliteTelemetryStore> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var store = new SqliteTelemetryStore(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString());
        await using var connection = await store.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using (var wal = TelemetryJournal.Command(connection, null, "PRAGMA journal_mode=WAL;"))
        {
            await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        await using (var command = TelemetryJournal.Command(connection, transaction, TelemetrySchema.Sqlite))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var count = TelemetryJournal.Command(connection, transaction, TelemetrySchema.CountSqliteStatusV2Columns))
        {
            // A file written before gateway status v2: add its columns (CREATE TABLE IF NOT EXISTS left the old table as it was).
            if (Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                await using var add = TelemetryJournal.Command(connection, transaction, TelemetrySchema.AddSqliteStatusV2Columns);
                await add.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }

    /// <inheritdoc />
    public async Task<BatchCommitResult> CommitBatchAsync(TelemetryBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        var result = await TelemetryJournal.WriteBatchAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc />
    public async Task<TelemetryStats> ReadStatsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await TelemetryJournal.ReadStatsAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TelemetryPoint>> ReadPointsAsync(string source, string channel, long fromMs, long toMs, int maxCount, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await TelemetryJournal.ReadPointsAsync(connection, source, channel, fromMs, toMs, maxCount, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SequenceAccount>> ReadSequenceAccountsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await TelemetryJournal.ReadSequenceAccountsAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<TelemetryWindowPage> ReadWindowSummariesAsync(long fromMs, long toMs, TelemetryWindowCursor? after, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await TelemetryJournal.ReadWindowSummariesAsync(connection, fromMs, toMs, after, maxCount, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeviceNodeRecord>> ReadDeviceNodesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await DeviceNodeJournal.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<NodeSeenRecord>> ReadNodesSeenAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await NodeSeenJournal.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<GatewayStatusRecord>> ReadGatewayStatusesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await GatewayStatusJournal.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task WriteDeviceQualityAsync(long epochId, IReadOnlyList<DeviceDataQuality> devices, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(devices);
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        await DeviceQualityJournal.WriteAsync(connection, transaction, epochId, devices, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeviceQualityRecord>> ReadDeviceQualityAsync(long epochId, string? afterDevice, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await DeviceQualityJournal.ReadEpochAsync(connection, epochId, afterDevice, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeviceQualityRecord>> ReadLatestDeviceQualityAsync(long maxEpochId, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await DeviceQualityJournal.ReadLatestAsync(connection, maxEpochId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeviceQualityRecord>> ReadLatestDeviceQualityAsync(long maxEpochId, IReadOnlyCollection<string> deviceIds,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await DeviceQualityJournal.ReadLatestAsync(connection, maxEpochId, deviceIds, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeviceBootReuse>> ReadBootReuseAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await BootReuseJournal.ReadAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeviceBootReuse>> ReadBootReuseAsync(IReadOnlyCollection<string> deviceIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await BootReuseJournal.ReadAsync(connection, deviceIds, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TelemetryGapRecord>> ReadGapsAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await TelemetryJournal.ReadGapsAsync(connection, deviceId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the pooled connections to the file.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var pragma = TelemetryJournal.Command(connection, null, "PRAGMA synchronous=NORMAL;");
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }
}
