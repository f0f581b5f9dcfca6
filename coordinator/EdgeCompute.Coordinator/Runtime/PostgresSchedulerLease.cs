using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EdgeCompute.Coordinator.Runtime;

/// <summary>
/// The scheduler lease of replicas sharing one PostgreSQL database: a session-level advisory lock held on a connection of
/// its own (not pooled, so the lock lives exactly as long as that session). The holder checks its session at every tick;
/// when the session breaks — the process died, or the network or the server dropped it — PostgreSQL releases the lock
/// and the next replica to ask takes it over.
/// </summary>
public sealed class PostgresSchedulerLease : ISchedulerLease
{
    /// <summary>The advisory lock key ("ECSCHED1" in ASCII).</summary>
    public const long LockKey = 0x4543_5343_4845_4431;

    private readonly string _connectionString;
    private readonly long _key;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlConnection? _connection;
    private bool _held;
    private bool _reportedWaiting;

    /// <summary>Creates the lease (nothing is opened until the first <see cref="HoldAsync"/>).</summary>
    /// <param name="connectionString">The coordinator's PostgreSQL connection string.</param>
    /// <param name="logger">Logs taking and losing the lease.</param>
    /// <param name="key">The advisory lock key; <see cref="LockKey"/> unless several networks share one database.</param>
    public PostgresSchedulerLease(string connectionString, ILogger<PostgresSchedulerLease>? logger = null, long key = LockKey)
    {
        _key = key;
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "edgecompute-scheduler-lease" }.ConnectionString;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public bool IsHeld => Volatile.Read(ref _held);

    /// <inheritdoc />
    public async ValueTask<bool> HoldAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is null)
            {
                var connection = new NpgsqlConnection(_connectionString);
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                _connection = connection;
            }

            if (_held)
            {
                // Still our session? Then the lock is still ours.
                await using var ping = new NpgsqlCommand("SELECT 1", _connection);
                await ping.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }

            await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(@k)", _connection);
            take.Parameters.AddWithValue("k", _key);
            var taken = (bool)(await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            Volatile.Write(ref _held, taken);
            if (taken)
            {
                _reportedWaiting = false;
                _logger.LogInformation("This replica holds the scheduler lease (PostgreSQL advisory lock {Key}): it issues work and closes epochs", _key);
            }
            else if (!_reportedWaiting)
            {
                _reportedWaiting = true;
                _logger.LogInformation("Another replica holds the scheduler lease; this one ingests batches and serves the API, and takes over if that one stops");
            }

            return taken;
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
        {
            if (_held)
            {
                _logger.LogWarning(ex, "Lost the scheduler lease with its PostgreSQL session; stopped issuing work until it is taken again");
            }
            else
            {
                _logger.LogWarning(ex, "Could not ask PostgreSQL for the scheduler lease");
            }

            Volatile.Write(ref _held, false);
            await DropConnectionAsync().ConfigureAwait(false);
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_held && _connection is not null)
            {
                await ReleaseAsync(_connection).ConfigureAwait(false);
            }

            Volatile.Write(ref _held, false);
            await DropConnectionAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        _gate.Dispose();
    }

    /// <summary>
    /// Unlocks explicitly before the session closes: closing alone releases the lock only once the server's backend has
    /// ended, which can be after this returns, so a standby asking at once could still find it taken.
    /// </summary>
    private async Task ReleaseAsync(NpgsqlConnection connection)
    {
        try
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@k)", connection);
            release.Parameters.AddWithValue("k", _key);
            await release.ExecuteScalarAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
        {
            // The session is gone already, and the lock with it.
            _logger.LogDebug(ex, "Could not unlock the scheduler lease explicitly; the closing session releases it");
        }
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is not null)
        {
            // Closing the session releases the advisory lock.
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }
}
