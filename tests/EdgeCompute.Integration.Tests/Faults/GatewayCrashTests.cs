using EdgeCompute.Integration.Tests.Harness;

namespace EdgeCompute.Integration.Tests.Faults;

/// <summary>A gateway process killed with SIGKILL while its devices stream, then started again on the same outbox.</summary>
[Collection(FaultTestCollection.Name)]
public sealed class GatewayCrashTests
{
    [Fact]
    public async Task Gateway_killed_with_SIGKILL_mid_stream_loses_nothing_and_stores_nothing_twice()
    {
        const int seed = 6201;
        await using var network = await ProcessNetwork.StartAsync(devices: 6, gateways: 1);
        var coordinator = await network.StartCoordinatorAsync();
        var gateway = await network.StartGatewayAsync("gw-01");
        var simulation = network.StartSimulation("gw-01", seed, seconds: 20);

        // mid-stream: batches are reaching the store and the devices are still sending
        await Poll.UntilAsync(async () => (await Stored.ReadAsync(network, coordinator)).Frames >= 12, "12 frames stored before the crash", TimeSpan.FromSeconds(60),
            () => network.Tails());
        Assert.False(simulation.HasExited, "the simulation ended before the crash; nothing would be mid-stream");
        var before = await Stored.ReadAsync(network, coordinator);
        await gateway.KillAsync();
        var restarted = await network.StartGatewayAsync("gw-01");

        var sent = await ProcessNetwork.TotalsOfAsync(simulation, TimeSpan.FromMinutes(2));
        var stored = await Stored.WaitForAsync(network, coordinator, sent.ReadingsSent, TimeSpan.FromSeconds(120));
        var resent = restarted.CountErrorLines("Resent batch");
        TestLog.Line($"gateway SIGKILL: seed {seed}; stored before the kill {before.Readings} readings in {before.Frames} frames; sent {sent.ReadingsSent} readings " +
            $"in {sent.FramesSent} frames; stored {stored.Readings} readings in {stored.Frames} frames ({stored.StatsReadings} by /api/stats), {stored.Batches} batches; " +
            $"duplicates dropped {stored.Duplicates}; batches resent after restart {resent}; device connect attempts {sent.ConnectAttempts} " +
            $"({sent.Disconnects} disconnects); lost {stored.Lost}");
        Assert.True(sent.Disconnects > 0 || sent.ConnectAttempts > sent.Devices, "the devices never noticed the crash");
        Assert.True(stored.Frames > before.Frames, "nothing was stored after the restart");
        Assert.Equal(sent.ReadingsSent, stored.Readings);
        Assert.Equal(sent.ReadingsSent, stored.StatsReadings);
        Assert.Equal(sent.FramesSent, stored.Frames);
        Assert.Equal(0, stored.Lost);
        Assert.Equal(0, stored.Conflicts);
    }
}
