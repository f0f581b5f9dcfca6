using System.Text.Json;
using EdgeCompute.Integration.Tests.Harness;

namespace EdgeCompute.Integration.Tests.Faults;

/// <summary>
/// <c>edgecompute simulate</c> run again and again on one fleet, as a user does: each run boots every device one higher
/// (the boot counters live in the fleet's state file), so every reading a run sends is stored, even after a run killed
/// with SIGKILL; a second simulator of the same devices refuses to start; and a run that lost the state (another data
/// folder, as a re-flashed board loses its counter) is noticed by the coordinator, once per device and boot.
/// </summary>
[Collection(FaultTestCollection.Name)]
public sealed class SimulatorRerunTests
{
    private const string Gateway = "gw-01";

    [Fact]
    public async Task Every_run_of_the_same_devices_is_stored_whole_and_a_run_that_lost_its_boots_is_counted_per_device()
    {
        const int seed = 1431;
        const int devices = 4;
        await using var network = await ProcessNetwork.StartAsync(devices: devices, gateways: 1);
        var coordinator = await network.StartCoordinatorAsync();
        await network.StartGatewayAsync(Gateway);

        // two complete runs, one after the other: boots 1 and 2
        var first = await ProcessNetwork.TotalsOfAsync(network.StartSimulation(Gateway, seed, seconds: 6), TimeSpan.FromMinutes(2));
        var second = await ProcessNetwork.TotalsOfAsync(network.StartSimulation(Gateway, seed + 1, seconds: 6), TimeSpan.FromMinutes(2));

        // a third run (boot 3), joined by a second simulator of the same devices, then killed with SIGKILL mid-stream
        var killed = network.StartSimulation(Gateway, seed + 2, seconds: 120);
        await Poll.UntilAsync(async () => await ReadingsOfBootAsync(network, 3) > 0, "readings of the third run stored", TimeSpan.FromSeconds(60), () => network.Tails(8));
        await using (var twin = EdgeComputeProcess.Start("simulate twin", ["simulate", "--fleet", network.Fleet, "--broker", "mqtt://127.0.0.1:1", "--gateway", Gateway,
            "--duration", "5", "--data", network.SimulatorData]))
        {
            Assert.Equal(1, await twin.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            var error = Assert.Single(twin.Error, l => l.StartsWith("error:", StringComparison.Ordinal));
            Assert.Contains("another simulate runs devices of gateway gw-01", error, StringComparison.Ordinal);
            Assert.DoesNotContain(twin.Error, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        }

        Assert.False(killed.HasExited, "the third run ended before it was killed");
        await killed.KillAsync();
        var fourth = await ProcessNetwork.TotalsOfAsync(network.StartSimulation(Gateway, seed + 3, seconds: 6), TimeSpan.FromMinutes(2));

        await Poll.UntilAsync(async () => await ReadingsOfBootAsync(network, 4) >= fourth.ReadingsSent, "the fourth run's readings stored", TimeSpan.FromSeconds(90),
            () => network.Tails(8));
        var stored = await Stored.ReadAsync(network, coordinator);
        var byBoot = await network.Database.RowsAsync("SELECT boot, SUM(readings) FROM telemetry_frames GROUP BY boot ORDER BY boot");
        TestLog.Line($"simulate reruns: seed {seed}; sent {first.ReadingsSent}, {second.ReadingsSent}, (killed), {fourth.ReadingsSent}; stored per boot " +
            string.Join(", ", byBoot.Select(r => $"{r[0]}: {r[1]}")) + $"; conflicts {stored.Conflicts}");
        Assert.Equal(first.ReadingsSent, await ReadingsOfBootAsync(network, 1));
        Assert.Equal(second.ReadingsSent, await ReadingsOfBootAsync(network, 2));
        Assert.Equal(fourth.ReadingsSent, await ReadingsOfBootAsync(network, 4));
        Assert.Equal([1L, 2L, 3L, 4L], byBoot.Select(r => Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(0, stored.Conflicts);
        Assert.All(await ReusedBootsAsync(network, coordinator), n => Assert.Equal(0, n.Boots));

        // a run that lost the state file (another data folder): boot 1 again, below the stored boot 4
        var forgetful = await ProcessNetwork.TotalsOfAsync(network.StartSimulation(Gateway, seed + 4, seconds: 6, data: network.Work["forgetful-data"]), TimeSpan.FromMinutes(2));
        Assert.True(forgetful.ReadingsSent > 0);
        await Poll.UntilAsync(async () => (await ReusedBootsAsync(network, coordinator)).All(n => n.Boots == 1 && n.FramesRefused > 0),
            "every device counted with one reused boot and refused frames", TimeSpan.FromSeconds(90), () => network.Tails(8));
        var reused = await ReusedBootsAsync(network, coordinator);
        var warnings = coordinator.Process.CountErrorLines("uses boot 1 a second time");
        TestLog.Line($"forgetful run: sent {forgetful.ReadingsSent} readings in {forgetful.FramesSent} frames; reused boots " +
            string.Join(", ", reused.Select(n => $"{n.Id} boot {n.LastBoot} ({n.FramesRefused} frames)")) + $"; coordinator warnings {warnings}");
        Assert.Equal(devices, reused.Count);
        Assert.All(reused, n => Assert.Equal(1u, n.LastBoot));
        Assert.Equal(devices, warnings); // once per device and boot, not once per refused frame
        Assert.True(reused.Sum(n => n.FramesRefused) > devices);
    }

    private static Task<long> ReadingsOfBootAsync(ProcessNetwork network, int boot) =>
        network.Database.ScalarAsync($"SELECT COALESCE(SUM(readings), 0) FROM telemetry_frames WHERE boot = {boot} AND type <> 3");

    private static async Task<List<(string Id, int Boots, long FramesRefused, uint LastBoot)>> ReusedBootsAsync(ProcessNetwork network, CoordinatorProcess coordinator)
    {
        var json = await network.Http.GetStringAsync(new Uri($"http://127.0.0.1:{coordinator.HttpPort}/api/nodes?kind=device&limit=1000"), TestContext.Current.CancellationToken);
        using var nodes = JsonDocument.Parse(json);
        return [.. nodes.RootElement.GetProperty("items").EnumerateArray().Where(n => n.GetProperty("kind").GetString() == "device").Select(n =>
        {
            var reused = n.GetProperty("reusedBoots");
            return (n.GetProperty("id").GetString()!, reused.GetProperty("boots").GetInt32(), reused.GetProperty("framesRefused").GetInt64(),
                reused.GetProperty("lastBoot").GetUInt32());
        })];
    }
}
