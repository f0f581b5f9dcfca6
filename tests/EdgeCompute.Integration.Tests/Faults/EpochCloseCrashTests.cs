using System.Text.Json;
using EdgeCompute.Coordinator.Runtime;
using EdgeCompute.Integration.Tests.Harness;

namespace EdgeCompute.Integration.Tests.Faults;

/// <summary>
/// The coordinator killed while it closes an epoch, at the two points of <see cref="FailPoint"/>: inside the close's
/// transaction (payouts and statement written, not committed) and right after its commit; then started again clean.
/// </summary>
[Collection(FaultTestCollection.Name)]
public sealed class EpochCloseCrashTests
{
    private const string EpochLength = "15s";
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Coordinator_killed_during_an_epoch_close_closes_it_exactly_once_after_restart_and_the_ledger_verifies()
    {
        const int seed = 6401;
        await using var network = await ProcessNetwork.StartAsync(devices: 4, gateways: 1);

        // a first run creates the stores and closes no epoch; an owner is funded through the store, dating the first ledger entry
        var first = await network.StartCoordinatorAsync("coordinator run 1", EpochLength, NoEpochClose);
        await network.StartGatewayAsync("gw-01");
        var simulation = network.StartSimulation("gw-01", seed, seconds: 30, rate: 2, window: 1);
        await DepositAsync(network);
        // the epoch the closer starts from is the one the entry's time falls in (15 s epochs from the Unix epoch); the id
        // written on the entry is read a moment earlier by the deposit command and may be the one before
        var depositEpoch = await network.Database.ScalarAsync("SELECT time_us / 15000000 FROM ledger_entries WHERE seq = 1");
        // the epoch must hold stored readings when it is closed, or it pays nothing and a double payment could not show: run 1
        // stays up until some are stored (the next runs may close it the moment they start, before the gateway reconnects)
        var epochStartMs = depositEpoch * 15000;
        await Poll.UntilAsync(
            async () => await network.Database.ScalarAsync(
                $"SELECT COUNT(*) FROM telemetry_points WHERE length_ms > 0 AND time_ms >= {epochStartMs} AND time_ms < {epochStartMs + 15000}") > 0,
            $"readings of epoch {depositEpoch} stored", CloseTimeout, () => first.Process.Tail(10));
        first.Process.Terminate();
        Assert.Equal(0, await first.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, await Statements(network));

        // crash 1: inside the close's transaction
        var second = await network.StartCoordinatorAsync("coordinator run 2", EpochLength, Failpoint(FailPoint.EpochCloseBeforeCommit));
        var exit2 = await second.Process.WaitForExitAsync(CloseTimeout);
        Assert.True(second.Process.CountErrorLines(FailPoint.EpochCloseBeforeCommit) == 1, second.Process.Tail());
        var statementsAfterCrash1 = await Statements(network);
        var payoutsAfterCrash1 = await network.Database.ScalarAsync("SELECT COUNT(*) FROM ledger_entries WHERE idempotency_key LIKE 'epoch:%:payout:%'");

        // crash 2: right after the commit
        var third = await network.StartCoordinatorAsync("coordinator run 3", EpochLength, Failpoint(FailPoint.EpochCloseAfterCommit));
        var exit3 = await third.Process.WaitForExitAsync(CloseTimeout);
        Assert.True(third.Process.CountErrorLines(FailPoint.EpochCloseAfterCommit) == 1, third.Process.Tail());
        var closed = (await network.Database.RowsAsync("SELECT epoch_id FROM ledger_statements ORDER BY epoch_id")).Select(r => Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();

        // a clean run goes on from the next epoch and closes it too
        var fourth = await network.StartCoordinatorAsync("coordinator run 4", EpochLength);
        var epoch = closed.Single();
        await Poll.UntilAsync(async () => await Statements(network) >= 2, $"epoch {epoch + 1} closed by the clean run", CloseTimeout, () => fourth.Process.Tail(10));
        var sent = await ProcessNetwork.TotalsOfAsync(simulation, TimeSpan.FromMinutes(2));
        var statements = (await network.Database.RowsAsync("SELECT epoch_id FROM ledger_statements ORDER BY epoch_id")).Select(r => Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var view = await EpochViewAsync(network, fourth, epoch);
        var booked = await network.Database.ScalarAsync(
            $"SELECT COALESCE(SUM(p.amount), 0) FROM ledger_postings p JOIN ledger_entries e ON e.seq = p.seq WHERE e.idempotency_key LIKE 'epoch:{epoch}:payout:%' AND p.account LIKE 'owner:%'");
        var payoutEntries = await network.Database.ScalarAsync($"SELECT COUNT(*) FROM ledger_entries WHERE idempotency_key LIKE 'epoch:{epoch}:payout:%'");
        var distinctPrev = await network.Database.ScalarAsync("SELECT COUNT(DISTINCT prev_hash) FROM ledger_entries");
        var entries = await network.Database.ScalarAsync("SELECT COUNT(*) FROM ledger_entries");
        var (verifyExit, verifyJson) = await network.VerifyLedgerAsync();

        TestLog.Line($"epoch close crash: seed {seed}; deposit dated epoch {depositEpoch}; run 2 (failpoint before commit) exit {exit2}, left {statementsAfterCrash1} statements " +
            $"and {payoutsAfterCrash1} payout entries; run 3 (failpoint after commit) exit {exit3}, closed epochs [{string.Join(", ", closed)}]; run 4 closed " +
            $"[{string.Join(", ", statements)}]; epoch {epoch}: pot {view.Pot} = emission {view.Emission} + fees {view.Fees}, paid {view.TotalPaid} + carried {view.Carried}, " +
            $"booked to owners {booked} in {payoutEntries} payout entries; ledger {entries} entries, {distinctPrev} distinct previous hashes; readings sent {sent.ReadingsSent}; " +
            $"ledger verify exit {verifyExit}");

        Assert.Equal(137, exit2); // SIGKILL
        Assert.Equal(0, statementsAfterCrash1);
        Assert.Equal(0, payoutsAfterCrash1);
        Assert.Equal(137, exit3);
        Assert.Equal(depositEpoch, epoch);
        Assert.Equal(Enumerable.Range((int)epoch, statements.Count).Select(e => (long)e), statements); // each epoch once, in order, none skipped
        Assert.Equal(view.Pot, view.Emission + view.Fees);
        Assert.Equal(view.Pot, view.TotalPaid + view.Carried);
        Assert.Equal(view.TotalPaid, booked); // paid once, not twice
        Assert.True(view.TotalPaid > 0, "epoch paid nothing: the test would not show a double payment");
        Assert.Equal(entries, distinctPrev); // one chain, no fork
        Assert.Equal(0, verifyExit);
        using var verdict = JsonDocument.Parse(verifyJson);
        Assert.True(verdict.RootElement.GetProperty("verified").GetBoolean(), verifyJson);
    }

    // the settings that have no flag are read from EDGECOMPUTE_CoordinatorOptions__* variables
    private static Dictionary<string, string?> NoEpochClose => new(StringComparer.Ordinal) { ["EDGECOMPUTE_CoordinatorOptions__CloseEpochs"] = "false" };

    private static Dictionary<string, string?> Failpoint(string point) => new(StringComparer.Ordinal) { [FailPoint.Variable] = point };

    private static Task<long> Statements(ProcessNetwork network) => network.Database.ScalarAsync("SELECT COUNT(*) FROM ledger_statements");

    private static async Task DepositAsync(ProcessNetwork network)
    {
        await using var deposit = EdgeComputeProcess.Start("ledger deposit", ["ledger", "deposit", "--fleet", network.Fleet, "--postgres", network.Database.ConnectionString,
            "--owner", "owner-01", "--amount", "5000000", "--reference", "grant-1", "--epoch-length", EpochLength]);
        Assert.True(await deposit.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, deposit.Tail());
    }

    private static async Task<EpochView> EpochViewAsync(ProcessNetwork network, CoordinatorProcess coordinator, long epoch)
    {
        var json = await network.Http.GetStringAsync(new Uri($"http://127.0.0.1:{coordinator.HttpPort}/api/epochs/{epoch}"), TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new EpochView(root.GetProperty("emission").GetInt64(), root.GetProperty("fees").GetInt64(), root.GetProperty("pot").GetInt64(),
            root.GetProperty("totalPaid").GetInt64(), root.GetProperty("carried").GetInt64());
    }

    private sealed record EpochView(long Emission, long Fees, long Pot, long TotalPaid, long Carried);
}
