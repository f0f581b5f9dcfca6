using System.Text.Json;
using EdgeCompute.Integration.Tests.Harness;
using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Integration.Tests.Hostile;

/// <summary>
/// The flood of the adversarial sweep, against the real processes: clients with no credentials announce 256 MB CONNECTs
/// and logged-in clients 250 MB PUBLISHes, each then streaming 16 MB, at the gateway's device broker and at the
/// coordinator's central broker. The process's peak resident memory stays within a fixed bound (the report saw the
/// gateway go from 128 MB to 2.9 GB), a silent connection is closed, and the honest devices' readings keep flowing.
/// </summary>
[Collection(FaultTestCollection.Name)]
public sealed class BrokerFloodTests
{
    private const long JunkPerConnection = 16L << 20;
    private const long MemoryBound = 48L << 20; // the attack streams 8 × 16 MB and announces 8 × ≈ 256 MB; the report saw + 2.8 GB

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_gateways_device_broker_cuts_off_oversized_packets_with_memory_bounded_while_devices_keep_sending()
    {
        using var work = new WorkFolder();
        var fleet = await ProvisionAsync(work);
        var gatewayFile = FleetFiles.ReadGateway(Path.Combine(fleet, "gateways", "gw-01.json"));
        var port = FreePort.Next();
        await using var gateway = EdgeComputeProcess.Start("gw-01", ["gateway", "--fleet", fleet, "--id", "gw-01", "--broker", $"mqtt://127.0.0.1:{FreePort.Next()}",
            "--listen", $"mqtt://127.0.0.1:{port}", "--data", work["gw-01-data"]]);
        await Poll.UntilAsync(async () => gateway.HasExited || await FreePort.IsOpenAsync(port), "the device broker listening", TimeSpan.FromSeconds(90), () => gateway.Tail(10));
        await using var devices = EdgeComputeProcess.Start("simulate", ["simulate", "--fleet", fleet, "--broker", $"mqtt://127.0.0.1:{port}", "--devices", "3",
            "--rate", "4", "--window", "1", "--duration", "20", "--seed", "1451", "--data", work["sim-data"], "--json"]);

        // the credentials of two devices that are not simulated leaked
        var (peakBefore, peakAfter, outcomes) = await AttackAsync(gateway, port,
            [.. gatewayFile.Devices.Skip(3).Select(d => OversizedPackets.Connect(d.DeviceId, d.DeviceId, d.BrokerCredential))]);
        var silentClosed = await OversizedPackets.SilentConnectionClosedAsync(port, TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(0, await devices.WaitForExitAsync(TimeSpan.FromMinutes(2)));
        using var totals = JsonDocument.Parse(devices.Out[^1]);
        var sent = totals.RootElement.GetProperty("readingsSent").GetInt64();
        var dropped = totals.RootElement.GetProperty("readingsDropped").GetInt64();
        var attempts = totals.RootElement.GetProperty("connectAttempts").GetInt64();
        TestLog.Line($"device broker flood: peak resident {peakBefore >> 20} MB before, {peakAfter >> 20} MB after; streamed before the cut " +
            $"{string.Join(", ", outcomes.Select(o => $"{o.Streamed >> 10} KB"))}; honest devices sent {sent} readings, dropped {dropped}, {attempts} connect attempts");
        Assert.All(outcomes, o => Assert.True(o.Closed, "the device broker kept a connection that announced an oversized packet"));
        Assert.True(peakAfter - peakBefore < MemoryBound, $"the gateway's peak resident memory grew by {(peakAfter - peakBefore) >> 20} MB");
        Assert.True(silentClosed, "a connection that sent no CONNECT stayed open");
        Assert.True(sent > 0);
        Assert.Equal(0, dropped);
        Assert.Equal(3, attempts); // no device lost its connection
        Assert.False(gateway.HasExited, gateway.Tail());
    }

    [Fact]
    public async Task The_coordinators_central_broker_cuts_off_oversized_packets_with_memory_bounded_while_readings_are_stored()
    {
        using var work = new WorkFolder();
        var fleet = await ProvisionAsync(work, gateways: 2);
        var (brokerPort, httpPort, devicePort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        await using var coordinator = EdgeComputeProcess.Start("coordinator", ["coordinator", "--fleet", fleet, "--data", work["coordinator-data"],
            "--listen", $"mqtt://127.0.0.1:{brokerPort}", "--http", $"http://127.0.0.1:{httpPort}"]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        await Poll.UntilAsync(async () => coordinator.HasExited || await CoordinatorStats.TryReadAsync(http, httpPort) is not null, "the coordinator's API",
            TimeSpan.FromSeconds(90), () => coordinator.Tail(10));
        await using var gateway = EdgeComputeProcess.Start("gw-01", ["gateway", "--fleet", fleet, "--id", "gw-01", "--broker", $"mqtt://127.0.0.1:{brokerPort}",
            "--listen", $"mqtt://127.0.0.1:{devicePort}", "--data", work["gw-01-data"]]);
        await Poll.UntilAsync(async () => gateway.HasExited || await FreePort.IsOpenAsync(devicePort), "the device broker listening", TimeSpan.FromSeconds(90), () => gateway.Tail(10));
        await using var devices = EdgeComputeProcess.Start("simulate", ["simulate", "--fleet", fleet, "--broker", $"mqtt://127.0.0.1:{devicePort}",
            "--gateway", "gw-01", "--rate", "4", "--window", "1", "--duration", "20", "--seed", "1452", "--data", work["sim-data"], "--json"]);

        // both gateways' broker passwords leaked: clients logged in as gw-02 (not running) and as gw-01 (taking the running
        // gateway's session over for a moment; it reconnects and resends) announce 250 MB PUBLISHes
        var logins = new[] { "gw-02", "gw-01" }.Select(id => FleetFiles.ReadGateway(Path.Combine(fleet, "gateways", $"{id}.json")))
            .Select(g => OversizedPackets.Connect(g.GatewayId, g.GatewayId, g.BrokerPassword)).ToArray();
        var (peakBefore, peakAfter, outcomes) = await AttackAsync(coordinator, brokerPort, logins);
        var silentClosed = await OversizedPackets.SilentConnectionClosedAsync(brokerPort, TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(0, await devices.WaitForExitAsync(TimeSpan.FromMinutes(2)));
        using var totals = JsonDocument.Parse(devices.Out[^1]);
        var sent = totals.RootElement.GetProperty("readingsSent").GetInt64();
        CoordinatorStats? stats = null;
        await Poll.UntilAsync(async () => (stats = await CoordinatorStats.TryReadAsync(http, httpPort))?.ReadingsStored >= sent, $"{sent} readings stored",
            TimeSpan.FromSeconds(90), () => $"{stats}\n{gateway.Tail(8)}\n{coordinator.Tail(8)}");
        TestLog.Line($"central broker flood: peak resident {peakBefore >> 20} MB before, {peakAfter >> 20} MB after; streamed before the cut " +
            $"{string.Join(", ", outcomes.Select(o => $"{o.Streamed >> 10} KB"))}; readings sent {sent}, stored {stats!.ReadingsStored}");
        Assert.All(outcomes, o => Assert.True(o.Closed, "the central broker kept a connection that announced an oversized packet"));
        Assert.True(peakAfter - peakBefore < MemoryBound, $"the coordinator's peak resident memory grew by {(peakAfter - peakBefore) >> 20} MB");
        Assert.True(silentClosed, "a connection that sent no CONNECT stayed open");
        Assert.Equal(sent, stats.ReadingsStored);
        Assert.False(coordinator.HasExited, coordinator.Tail());
    }

    private static async Task<string> ProvisionAsync(WorkFolder work, int gateways = 1)
    {
        var fleet = work["fleet"];
        await using var provision = EdgeComputeProcess.Start("provision fleet", ["provision", "fleet", "--devices", $"{5 * gateways}", "--gateways", $"{gateways}", "--out", fleet]);
        Assert.Equal(0, await provision.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        return fleet;
    }

    /// <summary>Six clients without credentials announce 256 MB CONNECTs, one logged-in client per login 250 MB PUBLISHes; each streams 16 MB.</summary>
    private static async Task<(long PeakBefore, long PeakAfter, (long Streamed, bool Closed)[] Outcomes)> AttackAsync(EdgeComputeProcess target, int port, byte[][] logins)
    {
        var before = OversizedPackets.PeakResidentBytes(target.Id);
        var strangers = Enumerable.Range(0, 6).Select(_ => OversizedPackets.SendAsync(port, OversizedPackets.ConnectHeader(OversizedPackets.Announced256MB), JunkPerConnection, null, Ct));
        var insiders = logins.Select(login => OversizedPackets.SendAsync(port, OversizedPackets.PublishHeader(250_000_000), JunkPerConnection, login, Ct));
        var outcomes = await Task.WhenAll(strangers.Concat(insiders));
        return (before, OversizedPackets.PeakResidentBytes(target.Id), outcomes);
    }
}
