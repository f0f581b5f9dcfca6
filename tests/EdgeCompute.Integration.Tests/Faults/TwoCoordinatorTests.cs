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
    // the replica holding the PostgreSQL scheduler lease issues every task and closes every epoch.
    [Fact]
    public async Task Two_coordinators_on_one_mosquitto_and_postgres_store_each_batch_once_pay_each_slot_once_and_close_each_epoch_once()
    {
        const int seed = 6501;
        await using var network = await ProcessNetwork.StartAsync(devices: 8, gateways: 2, owners: 2);
        var a = await network.StartCoordinatorAsync("coordinator A", EpochLength);
        var b = await network.StartCoordinatorAsync("coordinator B", EpochLength);
        await network.StartGatewayAsync("gw-01");
        await network.StartGatewayAsync("gw-02");
        var simulations = new[] { network.StartSimulation("gw-01", seed, seconds: 50), network.StartSimulation("gw-02", seed + 1, seconds: 50) };

        await using (var deposit = EdgeComputeProcess.Start("ledger deposit", ["ledger", "deposit", "--fleet", network.Fleet, "--postgres", network.Database.ConnectionString,
            "--owner", "owner-01", "--amount", "5000000", "--reference", "grant-1", "--epoch-length", EpochLength]))
        {
            Assert.True(await deposit.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, deposit.Tail());
        }

        // the job goes in through A; B's scheduler sees it in the shared store
        var token = OwnerToken(network.Fleet, "owner-01");
        await using var submit = EdgeComputeProcess.Start("submit primes", ["submit", "primes", "--from", "0", "--to", "400000", "--chunk", "50000", "--fee", "800000",
            "--job-id", "primes-two", "--token", token, "--api", $"http://127.0.0.1:{a.HttpPort}", "--wait"]);
        await Poll.UntilAsync(() => submit.HasExited, "the job finished", TimeSpan.FromSeconds(90), () => WorkState(network).GetAwaiter().GetResult() + "\n" + network.Tails(15));
        Assert.True(await submit.WaitForExitAsync(TimeSpan.FromSeconds(10)) == 0, submit.Tail());

        var sent = await ProcessNetwork.TotalsOfAsync(simulations[0], TimeSpan.FromMinutes(2)) + await ProcessNetwork.TotalsOfAsync(simulations[1], TimeSpan.FromMinutes(2));
        var storedA = await Stored.WaitForAsync(network, a, sent.ReadingsSent, TimeSpan.FromSeconds(120));
        var storedB = await Stored.ReadAsync(network, b);
        var feeEpoch = await network.Database.ScalarAsync("SELECT epoch FROM ledger_entries WHERE idempotency_key = 'job:primes-two:fee'");
        await Poll.UntilAsync(async () => await network.Database.ScalarAsync($"SELECT COUNT(*) FROM ledger_statements WHERE epoch_id >= {feeEpoch}") >= 1,
            $"epoch {feeEpoch} (the job's fee) closed", TimeSpan.FromSeconds(120), () => network.Tails(5));

        var db = network.Database;
        var tasks = await db.ScalarAsync("SELECT COUNT(*) FROM work_tasks");
        var verified = await db.ScalarAsync("SELECT COUNT(*) FROM work_tasks WHERE status = 2");
        var validResults = await db.ScalarAsync("SELECT COUNT(*) FROM work_results WHERE verdict = 2");
        var slotsPaidTwice = await db.ScalarAsync("SELECT COUNT(*) FROM (SELECT task_id, slot FROM work_results WHERE verdict = 2 GROUP BY task_id, slot HAVING COUNT(*) > 1) x");
        var assignments = await db.ScalarAsync("SELECT COUNT(*) FROM work_assignments");
        var slotsIssuedTwice = await db.ScalarAsync(
            "SELECT COUNT(*) FROM (SELECT task_id, slot FROM work_assignments WHERE state <> 3 GROUP BY task_id, slot HAVING COUNT(*) > 1) x");
        var feeEntries = await db.ScalarAsync("SELECT COUNT(*) FROM ledger_entries WHERE idempotency_key LIKE 'job:primes-two:%'");
        var statements = (await db.RowsAsync("SELECT epoch_id FROM ledger_statements ORDER BY epoch_id")).Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).ToList();
        var workPaid = await db.ScalarAsync(
            "SELECT COALESCE(SUM(p.amount), 0) FROM ledger_postings p JOIN ledger_entries e ON e.seq = p.seq WHERE e.idempotency_key LIKE 'epoch:%:payout:%' AND p.account LIKE 'owner:%'");
        var entries = await db.ScalarAsync("SELECT COUNT(*) FROM ledger_entries");
        var distinctPrev = await db.ScalarAsync("SELECT COUNT(DISTINCT prev_hash) FROM ledger_entries");
        var ingestA = a.Process.CountErrorLines("Lost the external broker");
        var leaseA = a.Process.CountErrorLines("This replica holds the scheduler lease");
        var leaseB = b.Process.CountErrorLines("This replica holds the scheduler lease");
        var standby = a.Process.CountErrorLines("Another replica holds the scheduler lease") + b.Process.CountErrorLines("Another replica holds the scheduler lease");
        var relayRefused = a.Process.CountErrorLines("Node events relayed on") + b.Process.CountErrorLines("Node events relayed on");
        var (verifyExit, verifyJson) = await network.VerifyLedgerAsync();

        TestLog.Line($"two coordinators: seeds {seed},{seed + 1}; sent {sent.ReadingsSent} readings in {sent.FramesSent} frames; stored {storedA.Readings} readings in " +
            $"{storedA.Frames} frames, {storedA.Batches} batches (A reports {storedA.StatsReadings}, B reports {storedB.StatsReadings}); duplicates dropped {storedA.Duplicates}; " +
            $"job: {tasks} tasks, {verified} verified, {assignments} assignments, {validResults} valid results, slots paid twice {slotsPaidTwice}, " +
            $"slots issued to two nodes at once {slotsIssuedTwice}; job ledger entries {feeEntries} (escrow + fee); epochs closed [{string.Join(", ", statements)}], " +
            $"paid to owners {workPaid}; ledger {entries} entries, {distinctPrev} distinct previous hashes; A lost the broker {ingestA} times; scheduler lease taken by A {leaseA} and by B {leaseB} times, standby reports {standby}; " +
            $"relayed node events refused {relayRefused}; ledger verify exit {verifyExit}");

        // one scheduler: exactly one replica took the lease, once, and the other said it stands by
        Assert.Equal(1, leaseA + leaseB);
        Assert.Equal(1, standby);
        Assert.Equal(0, relayRefused);

        Assert.Equal(sent.ReadingsSent, storedA.Readings);
        Assert.Equal(sent.ReadingsSent, storedA.StatsReadings);
        Assert.Equal(storedA.StatsReadings, storedB.StatsReadings);
        Assert.Equal(sent.FramesSent, storedA.Frames);
        Assert.Equal(0, storedA.Conflicts);
        Assert.Equal(tasks, verified);
        Assert.Equal(0, slotsPaidTwice);
        Assert.Equal(0, slotsIssuedTwice);
        Assert.Equal(2, feeEntries);
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

    private static string OwnerToken(string fleet, string owner)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(fleet, "coordinator.json")));
        return document.RootElement.GetProperty("owners").EnumerateArray().Single(o => o.GetProperty("id").GetString() == owner).GetProperty("apiToken").GetString()!;
    }
}
