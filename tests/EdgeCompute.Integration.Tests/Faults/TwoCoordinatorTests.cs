using System.Globalization;
using System.Text.Json;
using EdgeCompute.Integration.Tests.Harness;

namespace EdgeCompute.Integration.Tests.Faults;

/// <summary>Two coordinator processes sharing the gateways' batches through Mosquitto's shared subscription, on one PostgreSQL database.</summary>
[Collection(FaultTestCollection.Name)]
public sealed class TwoCoordinatorTests
{
    private const string EpochLength = "15s";

    // Each replica stores its share of the batches and relays what they say about nodes to the other (ec/v1/c/+/nodes);
    // the replica holding the PostgreSQL scheduler lease issues every task and closes every epoch. After the first job the
    // holder is killed: the survivor takes the lease, runs a second job and closes its fee's epoch.
    [Fact]
    public async Task Two_coordinators_on_one_mosquitto_and_postgres_store_each_batch_once_pay_each_slot_once_close_each_epoch_once_and_fail_over()
    {
        const int seed = 6501;
        await using var network = await ProcessNetwork.StartAsync(devices: 8, gateways: 2, owners: 2);
        var a = await network.StartCoordinatorAsync("coordinator A", EpochLength);
        var b = await network.StartCoordinatorAsync("coordinator B", EpochLength);
        await network.StartGatewayAsync("gw-01");
        await network.StartGatewayAsync("gw-02");
        var simulations = new[] { network.StartSimulation("gw-01", seed, seconds: 70), network.StartSimulation("gw-02", seed + 1, seconds: 70) };

        await using (var deposit = EdgeComputeProcess.Start("ledger deposit", ["ledger", "deposit", "--fleet", network.Fleet, "--postgres", network.Database.ConnectionString,
            "--owner", "owner-01", "--amount", "5000000", "--reference", "grant-1", "--epoch-length", EpochLength]))
        {
            Assert.True(await deposit.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, deposit.Tail());
        }

        // the job goes in through A; B's scheduler sees it in the shared store
        var token = network.OwnerToken("owner-01");
        await using var submit = EdgeComputeProcess.Start("submit primes", ["submit", "primes", "--from", "0", "--to", "400000", "--chunk", "50000", "--fee", "800000",
            "--job-id", "primes-two", "--token", token, "--api", $"http://127.0.0.1:{a.HttpPort}", "--wait"]);
        await Poll.UntilAsync(() => submit.HasExited, "the job finished", TimeSpan.FromSeconds(90), () => WorkState(network).GetAwaiter().GetResult() + "\n" + network.Tails(15));
        Assert.True(await submit.WaitForExitAsync(TimeSpan.FromSeconds(10)) == 0, submit.Tail());

        // fail-over: the replica holding the scheduler lease dies; the other takes the lease and runs the next job alone
        const string LeaseTaken = "This replica holds the scheduler lease";
        var (leader, survivor) = a.Process.CountErrorLines(LeaseTaken) > 0 ? (a, b) : (b, a);
        Assert.Equal(1, leader.Process.CountErrorLines(LeaseTaken));
        Assert.Equal(0, survivor.Process.CountErrorLines(LeaseTaken));
        await leader.Process.KillAsync();
        await using var second = EdgeComputeProcess.Start("submit primes after the fail-over", ["submit", "primes", "--from", "0", "--to", "100000", "--chunk", "50000",
            "--fee", "200000", "--job-id", "primes-failover", "--token", token, "--api", $"http://127.0.0.1:{survivor.HttpPort}", "--wait"]);
        await Poll.UntilAsync(() => second.HasExited, "the job after the fail-over finished", TimeSpan.FromSeconds(90),
            () => WorkState(network).GetAwaiter().GetResult() + "\n" + network.Tails(15));
        Assert.True(await second.WaitForExitAsync(TimeSpan.FromSeconds(10)) == 0, second.Tail());

        var sent = await ProcessNetwork.TotalsOfAsync(simulations[0], TimeSpan.FromMinutes(2)) + await ProcessNetwork.TotalsOfAsync(simulations[1], TimeSpan.FromMinutes(2));
        var stored = await Stored.WaitForAsync(network, survivor, sent.ReadingsSent, TimeSpan.FromSeconds(120));
        // the epoch of the second job's fee is closed by the survivor, the only replica left
        var feeEpoch = await network.Database.ScalarAsync("SELECT epoch FROM ledger_entries WHERE idempotency_key = 'job:primes-failover:fee'");
        await Poll.UntilAsync(async () => await network.Database.ScalarAsync($"SELECT COUNT(*) FROM ledger_statements WHERE epoch_id >= {feeEpoch}") >= 1,
            $"epoch {feeEpoch} (the second job's fee) closed", TimeSpan.FromSeconds(120), () => network.Tails(5));

        var db = network.Database;
        var tasks = await db.ScalarAsync("SELECT COUNT(*) FROM work_tasks");
        var verified = await db.ScalarAsync("SELECT COUNT(*) FROM work_tasks WHERE status = 2");
        var validResults = await db.ScalarAsync("SELECT COUNT(*) FROM work_results WHERE verdict = 2");
        var slotsPaidTwice = await db.ScalarAsync("SELECT COUNT(*) FROM (SELECT task_id, slot FROM work_results WHERE verdict = 2 GROUP BY task_id, slot HAVING COUNT(*) > 1) x");
        var assignments = await db.ScalarAsync("SELECT COUNT(*) FROM work_assignments");
        var slotsIssuedTwice = await db.ScalarAsync(
            "SELECT COUNT(*) FROM (SELECT task_id, slot FROM work_assignments WHERE state <> 3 GROUP BY task_id, slot HAVING COUNT(*) > 1) x");
        var feeEntries = await db.ScalarAsync("SELECT COUNT(*) FROM ledger_entries WHERE idempotency_key LIKE 'job:primes-two:%' OR idempotency_key LIKE 'job:primes-failover:%'");
        var statements = (await db.RowsAsync("SELECT epoch_id FROM ledger_statements ORDER BY epoch_id")).Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).ToList();
        var workPaid = await db.ScalarAsync(
            "SELECT COALESCE(SUM(p.amount), 0) FROM ledger_postings p JOIN ledger_entries e ON e.seq = p.seq WHERE e.idempotency_key LIKE 'epoch:%:payout:%' AND p.account LIKE 'owner:%'");
        var entries = await db.ScalarAsync("SELECT COUNT(*) FROM ledger_entries");
        var distinctPrev = await db.ScalarAsync("SELECT COUNT(DISTINCT prev_hash) FROM ledger_entries");
        var lostBroker = survivor.Process.CountErrorLines("Lost the external broker");
        var leaseLeader = leader.Process.CountErrorLines(LeaseTaken);
        var leaseSurvivor = survivor.Process.CountErrorLines(LeaseTaken);
        var standby = a.Process.CountErrorLines("Another replica holds the scheduler lease") + b.Process.CountErrorLines("Another replica holds the scheduler lease");
        var relayRefused = a.Process.CountErrorLines("Node events relayed on") + b.Process.CountErrorLines("Node events relayed on");
        var (verifyExit, verifyJson) = await network.VerifyLedgerAsync();

        TestLog.Line($"two coordinators: seeds {seed},{seed + 1}; sent {sent.ReadingsSent} readings in {sent.FramesSent} frames; stored {stored.Readings} readings in " +
            $"{stored.Frames} frames, {stored.Batches} batches ({stored.StatsReadings} by the survivor's /api/stats); duplicates dropped {stored.Duplicates}; " +
            $"2 jobs: {tasks} tasks, {verified} verified, {assignments} assignments, {validResults} valid results, slots paid twice {slotsPaidTwice}, " +
            $"slots issued to two nodes at once {slotsIssuedTwice}; job ledger entries {feeEntries} (escrow + fee each); epochs closed [{string.Join(", ", statements)}], " +
            $"paid to owners {workPaid}; ledger {entries} entries, {distinctPrev} distinct previous hashes; scheduler lease taken by the first holder {leaseLeader} " +
            $"time(s), by the survivor {leaseSurvivor} time(s) after the holder was killed, standby reports {standby}; survivor lost the broker {lostBroker} times; " +
            $"relayed node events refused {relayRefused}; ledger verify exit {verifyExit}");

        // one scheduler at a time: the first holder took the lease once, the other stood by, then took it once after the kill
        Assert.Equal(1, leaseLeader);
        Assert.Equal(1, leaseSurvivor);
        Assert.Equal(1, standby);
        Assert.Equal(0, relayRefused);

        Assert.Equal(sent.ReadingsSent, stored.Readings);
        Assert.Equal(sent.ReadingsSent, stored.StatsReadings);
        Assert.Equal(sent.FramesSent, stored.Frames);
        Assert.Equal(0, stored.Conflicts);
        Assert.Equal(10, tasks);
        Assert.Equal(tasks, verified);
        Assert.Equal(0, slotsPaidTwice);
        Assert.Equal(0, slotsIssuedTwice);
        Assert.Equal(4, feeEntries);
        Assert.Contains(feeEpoch, statements);
        Assert.Equal(Enumerable.Range((int)statements[0], statements.Count).Select(e => (long)e), statements);
        Assert.Equal(entries, distinctPrev);
        Assert.Equal(0, verifyExit);
        using var verdict = JsonDocument.Parse(verifyJson);
        Assert.True(verdict.RootElement.GetProperty("verified").GetBoolean(), verifyJson);
    }

    private static async Task<string> WorkState(ProcessNetwork network)
    {
        var rows = await network.Database.RowsAsync(
            "SELECT 'assignments', state, COUNT(*) FROM work_assignments GROUP BY state UNION ALL SELECT 'results', verdict, COUNT(*) FROM work_results GROUP BY verdict " +
            "UNION ALL SELECT 'tasks', status, COUNT(*) FROM work_tasks GROUP BY status");
        return "work state: " + string.Join(", ", rows.Select(r => $"{r[0]}[{r[1]}]={r[2]}"));
    }
}
