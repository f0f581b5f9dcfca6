using System.Diagnostics;
using EdgeCompute.Integration.Tests.Harness;

namespace EdgeCompute.Integration.Tests.Faults;

/// <summary>The central Mosquitto stopped and started again on the same port and persistence folder while devices stream.</summary>
[Collection(FaultTestCollection.Name)]
public sealed class BrokerRestartTests
{
    // gateway/README.md, Uplink:BackoffInitial / BackoffJitter: delay n (from 0) is at least initial·2ⁿ·(1 − jitter)
    private const double BackoffInitialSeconds = 1;
    private const double BackoffJitter = 0.5;
    private const int FailuresToWaitFor = 4;

    [Fact]
    public async Task Mosquitto_restarted_mid_stream_loses_nothing_and_gateways_reconnect_with_backoff_not_a_storm()
    {
        const int seed = 6301;
        string[] gateways = ["gw-01", "gw-02"];
        await using var network = await ProcessNetwork.StartAsync(devices: 8, gateways: 2);
        var coordinator = await network.StartCoordinatorAsync();
        var gatewayProcesses = new List<EdgeComputeProcess>();
        foreach (var id in gateways) gatewayProcesses.Add(await network.StartGatewayAsync(id));
        var simulations = gateways.Select((id, i) => network.StartSimulation(id, seed + i, seconds: 25)).ToList();

        await Poll.UntilAsync(async () => (await Stored.ReadAsync(network, coordinator)).Frames >= 16, "16 frames stored before the outage", TimeSpan.FromSeconds(60),
            () => network.Tails());
        var connectedBefore = gatewayProcesses.Select(g => g.CountErrorLines("Connected to the central broker")).ToList();
        var failedBefore = gatewayProcesses.Select(g => g.CountErrorLines("Central broker unreachable")).ToList();
        var outage = Stopwatch.StartNew();
        await network.Broker.StopAsync();

        // the outage lasts until every gateway has failed to reconnect several times (counted, not timed)
        await Poll.UntilAsync(() => gatewayProcesses.Select((g, i) => g.CountErrorLines("Central broker unreachable") - failedBefore[i]).All(n => n >= FailuresToWaitFor),
            $"{FailuresToWaitFor} failed reconnection attempts by every gateway", TimeSpan.FromSeconds(90), () => network.Tails(5));
        Assert.True(simulations.All(s => !s.HasExited), "the simulation ended during the outage; the test would not be mid-stream");
        await network.Broker.StartAgainAsync();
        var outageSeconds = outage.Elapsed.TotalSeconds;

        var sent = await ProcessNetwork.TotalsOfAsync(simulations[0], TimeSpan.FromMinutes(2)) + await ProcessNetwork.TotalsOfAsync(simulations[1], TimeSpan.FromMinutes(2));
        var stored = await Stored.WaitForAsync(network, coordinator, sent.ReadingsSent, TimeSpan.FromSeconds(120));
        var failed = gatewayProcesses.Select((g, i) => g.CountErrorLines("Central broker unreachable") - failedBefore[i]).ToList();
        var reconnected = gatewayProcesses.Select((g, i) => g.CountErrorLines("Connected to the central broker") - connectedBefore[i]).ToList();
        var coordinatorRetries = coordinator.Process.CountErrorLines("Reconnection to the external broker failed");
        var sessions = network.Broker.ClientConnections();

        // attempts n within T seconds: Σ_{k<n-1} initial·2^k·(1 − jitter) ≤ T, so n ≤ 1 + log2(T / (initial·(1 − jitter)) + 1); one more succeeds
        var boundPerGateway = (int)Math.Floor(1 + Math.Log2((outageSeconds / (BackoffInitialSeconds * (1 - BackoffJitter))) + 1)) + 1;
        TestLog.Line($"mosquitto restart: seeds {seed},{seed + 1}; outage {outageSeconds:0.0} s; sent {sent.ReadingsSent} readings in {sent.FramesSent} frames; " +
            $"stored {stored.Readings} readings in {stored.Frames} frames ({stored.StatsReadings} by /api/stats); duplicates dropped {stored.Duplicates}; lost {stored.Lost}; " +
            $"gateway reconnection attempts during the outage {string.Join(", ", gateways.Select((id, i) => $"{id} {failed[i]} failed + {reconnected[i]} connected"))} " +
            $"(bound {boundPerGateway} each); coordinator failed reconnections {coordinatorRetries}; device connect attempts {sent.ConnectAttempts} for {sent.Devices} devices; " +
            $"sessions in the broker log {string.Join(", ", sessions.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{p.Value}"))}");

        Assert.Equal(sent.ReadingsSent, stored.Readings);
        Assert.Equal(sent.ReadingsSent, stored.StatsReadings);
        Assert.Equal(sent.FramesSent, stored.Frames);
        Assert.Equal(0, stored.Lost);
        for (var i = 0; i < gateways.Length; i++)
        {
            Assert.True(reconnected[i] >= 1, $"{gateways[i]} never reconnected");
            Assert.True(failed[i] + reconnected[i] <= boundPerGateway, $"{gateways[i]}: {failed[i] + reconnected[i]} attempts in {outageSeconds:0.0} s, more than backoff allows ({boundPerGateway})");
            // the broker saw exactly the sessions the gateway reported: the first one and its reconnection(s)
            Assert.Equal(1 + reconnected[i], sessions.GetValueOrDefault(gateways[i]));
        }

        // the devices talk to their gateway's broker, which never went down: one connection each
        Assert.Equal(sent.Devices, sent.ConnectAttempts);
    }
}
