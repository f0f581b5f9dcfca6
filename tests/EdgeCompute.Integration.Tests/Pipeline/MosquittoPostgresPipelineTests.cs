using EdgeCompute.Integration.Tests.Harness;

namespace EdgeCompute.Integration.Tests.Pipeline;

/// <summary>The README's three-process flow on the production parts: simulated devices → gateways → Mosquitto → coordinator on PostgreSQL.</summary>
[Collection(FaultTestCollection.Name)]
public sealed class MosquittoPostgresPipelineTests
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Readings_stored_in_postgres_equal_readings_the_devices_sent_through_mosquitto()
    {
        const int seed = 6101;
        await using var network = await ProcessNetwork.StartAsync(devices: 8, gateways: 2);
        var coordinator = await network.StartCoordinatorAsync();
        await network.StartGatewayAsync("gw-01");
        await network.StartGatewayAsync("gw-02");

        var first = network.StartSimulation("gw-01", seed, seconds: 15);
        var second = network.StartSimulation("gw-02", seed + 1, seconds: 15);
        var sent = await ProcessNetwork.TotalsOfAsync(first, TimeSpan.FromMinutes(2)) + await ProcessNetwork.TotalsOfAsync(second, TimeSpan.FromMinutes(2));

        var stored = await Stored.WaitForAsync(network, coordinator, sent.ReadingsSent, DrainTimeout);
        TestLog.Line($"pipeline: seeds {seed},{seed + 1}; sent {sent.ReadingsSent} readings in {sent.FramesSent} frames; stored {stored.Readings} readings " +
            $"in {stored.Frames} frames ({stored.StatsReadings} by /api/stats), {stored.Batches} batches; duplicates dropped {stored.Duplicates}; lost {stored.Lost}");
        Assert.True(sent.ReadingsSent > 0, "the devices sent nothing");
        Assert.Equal(sent.ReadingsSent, stored.Readings);
        Assert.Equal(sent.ReadingsSent, stored.StatsReadings);
        Assert.Equal(sent.FramesSent, stored.Frames);
        Assert.Equal(0, stored.Lost);
        Assert.Equal(0, stored.Conflicts);
    }
}
