using EdgeCompute.Coordinator.Runtime;
using EdgeCompute.Coordinator.Tests.Ledger;
using Npgsql;

namespace EdgeCompute.Coordinator.Tests.Runtime;

/// <summary>
/// The scheduler lease on the PostgreSQL server in <c>EDGECOMPUTE_POSTGRES</c>: one holder among replicas, handed over
/// when the holder stops or its session dies. Each test uses a random lock key, so tests and other users of the
/// database never contend with it.
/// </summary>
public sealed class PostgresSchedulerLeaseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_one_of_two_replicas_holds_the_lease_and_the_other_takes_it_when_the_holder_stops()
    {
        var server = LedgerServices.RequirePostgres();
        var key = Random.Shared.NextInt64();
        var first = new PostgresSchedulerLease(server, key: key);
        await using var second = new PostgresSchedulerLease(server, key: key);

        Assert.True(await first.HoldAsync(Ct));
        Assert.False(await second.HoldAsync(Ct));
        Assert.True(await first.HoldAsync(Ct));
        Assert.False(await second.HoldAsync(Ct));
        Assert.True(first.IsHeld);
        Assert.False(second.IsHeld);

        await first.DisposeAsync();

        Assert.True(await second.HoldAsync(Ct));
        Assert.True(second.IsHeld);
    }

    [Fact]
    public async Task A_holder_whose_session_is_killed_loses_the_lease_to_another_replica_and_does_not_take_it_back()
    {
        var server = LedgerServices.RequirePostgres();
        var key = Random.Shared.NextInt64();
        await using var holder = new PostgresSchedulerLease(server, key: key);
        await using var standby = new PostgresSchedulerLease(server, key: key);
        Assert.True(await holder.HoldAsync(Ct));
        Assert.False(await standby.HoldAsync(Ct));

        // the server drops the holder's session (as on a network partition) and waits until it is gone
        Assert.Equal(1, await TerminateHolderAsync(server, key));

        Assert.False(await holder.HoldAsync(Ct));
        Assert.False(holder.IsHeld);
        Assert.True(await standby.HoldAsync(Ct));
        Assert.False(await holder.HoldAsync(Ct));
        Assert.True(await standby.HoldAsync(Ct));
    }

    private static async Task<long> TerminateHolderAsync(string server, long key)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(Ct);

        // a bigint advisory key shows in pg_locks as classid = high 32 bits, objid = low 32 bits, objsubid = 1
        await using var command = new NpgsqlCommand(
            "SELECT COUNT(*) FILTER (WHERE pg_terminate_backend(pid, 10000)) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 " +
            "AND classid::bigint = @hi AND objid::bigint = @lo AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", connection);
        command.Parameters.AddWithValue("hi", (key >> 32) & 0xFFFF_FFFFL);
        command.Parameters.AddWithValue("lo", key & 0xFFFF_FFFFL);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
