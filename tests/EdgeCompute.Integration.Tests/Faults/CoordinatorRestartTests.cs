using EdgeCompute.Integration.Tests.Harness;

namespace EdgeCompute.Integration.Tests.Faults;

/// <summary>
/// The coordinator SIGKILLed and started again while its devices stay connected to their gateway: they are not born
/// again, so the restarted process must know them from the store (<c>device_nodes</c>) to give them work at all (the
/// gateways run no native kernels, so a primes job can only finish on the devices; two gateways of different owners, so
/// replicas can be placed on diverse owners).
/// </summary>
[Collection(FaultTestCollection.Name)]
public sealed class CoordinatorRestartTests
{
    [Fact]
    public async Task A_restarted_coordinator_gives_work_to_devices_that_stayed_connected_and_were_not_born_again()
    {
        const int seed = 6601;
        await using var network = await ProcessNetwork.StartAsync(devices: 8, gateways: 2);
        var first = await network.StartCoordinatorAsync("coordinator run 1");
        await network.StartGatewayAsync("gw-01");
        await network.StartGatewayAsync("gw-02");
        var simulations = new[] { network.StartSimulation("gw-01", seed, seconds: 75, rate: 2, window: 1), network.StartSimulation("gw-02", seed + 1, seconds: 75, rate: 2, window: 1) };
        await Poll.UntilAsync(async () => await network.Database.ScalarAsync("SELECT COUNT(*) FROM device_nodes WHERE birth IS NOT NULL AND online = 1") == 8,
            "the 8 device births stored", TimeSpan.FromSeconds(60), () => network.Tails(10));
        await first.Process.KillAsync();

        var second = await network.StartCoordinatorAsync("coordinator run 2");
        await using (var deposit = EdgeComputeProcess.Start("ledger deposit", ["ledger", "deposit", "--fleet", network.Fleet, "--postgres", network.Database.ConnectionString,
            "--owner", "owner-01", "--amount", "5000000", "--reference", "grant-1", "--epoch-length", "1h"]))
        {
            Assert.True(await deposit.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, deposit.Tail());
        }

        await using var submit = EdgeComputeProcess.Start("submit primes", ["submit", "primes", "--from", "0", "--to", "200000", "--chunk", "50000", "--fee", "400000",
            "--job-id", "primes-restart", "--token", network.OwnerToken("owner-01"), "--api", $"http://127.0.0.1:{second.HttpPort}", "--wait"]);
        await Poll.UntilAsync(() => submit.HasExited, "the job after the restart finished", TimeSpan.FromSeconds(90),
            () => Nodes(network, second.HttpPort) + "\n" + network.Tails(15));
        var submitExit = await submit.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var sent = await ProcessNetwork.TotalsOfAsync(simulations[0], TimeSpan.FromMinutes(2)) + await ProcessNetwork.TotalsOfAsync(simulations[1], TimeSpan.FromMinutes(2));

        var restoredLines = second.Process.CountErrorLines("Restored 8 of 8 stored devices");
        var devicesWorked = await network.Database.ScalarAsync("SELECT COUNT(DISTINCT node_id) FROM work_assignments WHERE task_id LIKE 'primes-restart-%' AND node_id <> gateway_id");
        var verified = await network.Database.ScalarAsync("SELECT COUNT(*) FROM work_tasks WHERE job_id = 'primes-restart' AND status = 2");
        var tasks = await network.Database.ScalarAsync("SELECT COUNT(*) FROM work_tasks WHERE job_id = 'primes-restart'");
        TestLog.Line($"coordinator restart: seed {seed}; {sent.Devices} devices connected {sent.ConnectAttempts} times in all, {sent.Disconnects} disconnects; " +
            $"run 2 restored the stored devices: {restoredLines == 1}; job after the restart: {verified}/{tasks} tasks verified on {devicesWorked} devices; submit exit {submitExit}");

        Assert.Equal(0, submitExit);
        Assert.Equal(1, restoredLines);
        Assert.Equal(4, tasks);
        Assert.Equal(tasks, verified);
        Assert.True(devicesWorked >= 1, "no device got work after the restart");
        Assert.Equal(sent.Devices, sent.ConnectAttempts); // each device connected once: nobody was born again
    }

    private static string Nodes(ProcessNetwork network, int port)
    {
        try
        {
            return "nodes: " + network.Http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/api/nodes")).GetAwaiter().GetResult();
        }
        catch (HttpRequestException e)
        {
            return "nodes: " + e.Message;
        }
    }
}
