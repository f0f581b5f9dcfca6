using EdgeCompute.Coordinator.Domain.Epochs.Quality;
using Npgsql;

namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>
/// Telemetry in PostgreSQL (Npgsql), for several coordinator replicas: each batch is one read-committed transaction;
/// <c>INSERT … ON CONFLICT DO NOTHING</c> on the unique keys makes a concurrent insert of the same key wait for the
/// other's commit, so a batch or frame is stored once whichever replica gets it.
/// </summary>
public sealed class PostgresTelemetryStore : ITelemetryStore, ITelemetryWindowReader, ITelemetrySequenceReader, IDeviceNodeReader, INodeSeenReader, IGatewayStatusReader, IDeviceQualityStore, IBootReuseReader
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgresTelemetryStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Connects and creates the schema when missing.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The store.</returns>
    public static async Task<PostgresTelemetryStore> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var store = new PostgresTelemetryStore(NpgsqlDataSource.Create(PostgresTuning.Apply(new NpgsqlConnectionStringBuilder(connectionString)).ToString()));
        try
        {
            await using var connection = await store._dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // Two replicas starting together would race on CREATE TABLE IF NOT EXISTS; serialise them.
            await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(1162040396) ; " + TelemetrySchema.Postgres + TelemetrySchema.AddPostgresStatusV2Columns, connection, transaction))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<BatchCommitResult> CommitBatchAsync(TelemetryBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var result = await TelemetryJournal.WriteBatchAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc />
    public async Task<TelemetryStats> ReadStatsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await TelemetryJournal.ReadStatsAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TelemetryPoint>> ReadPointsAsync(string source, string channel, long fromMs, long toMs, int maxCount, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await TelemetryJournal.ReadPointsAsync(connection, source, channel, fromMs, toMs, maxCount, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SequenceAccount>> ReadSequenceAccountsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await TelemetryJournal.ReadSequenceAccountsAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<TelemetryWindowPage> ReadWindowSummariesAsync(long fromMs, long toMs, TelemetryWindowCursor? after, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await TelemetryJournal.ReadWindowSummariesAsync(connection, fromMs, toMs, after, maxCount, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeviceNodeRecord>> ReadDeviceNodesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await DeviceNodeJournal.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<NodeSeenRecord>> ReadNodesSeenAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await NodeSeenJournal.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<GatewayStatusRecord>> ReadGatewayStatusesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await GatewayStatusJournal.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task WriteDeviceQualityAsync(long epochId, IReadOnlyList<DeviceDataQuality> devices, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(devices);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await DeviceQualityJournal.WriteAsync(connection, transaction, epochId, devices, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeviceQualityRecord>> ReadDeviceQualityAsync(long epochId, string? afterDevice, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await DeviceQualityJournal.ReadEpochAsync(connection, epochId, afterDevice, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeviceQualityRecord>> ReadLatestDeviceQualityAsync(long maxEpochId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await DeviceQualityJournal.ReadLatestAsync(connection, maxEpochId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeviceQualityRecord>> ReadLatestDeviceQualityAsync(long maxEpochId, IReadOnlyCollection<string> deviceIds,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await DeviceQualityJournal.ReadLatestAsync(connection, maxEpochId, deviceIds, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeviceBootReuse>> ReadBootReuseAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await BootReuseJournal.ReadAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeviceBootReuse>> ReadBootReuseAsync(IReadOnlyCollection<string> deviceIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await BootReuseJournal.ReadAsync(connection, deviceIds, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TelemetryGapRecord>> ReadGapsAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await TelemetryJournal.ReadGapsAsync(connection, deviceId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
