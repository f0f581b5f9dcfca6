using EdgeCompute.Integration.Tests.Harness;

namespace EdgeCompute.Integration.Tests.Pipeline;

/// <summary>
/// TLS on every link the gateway has, as real processes with certificates from <c>provision tls</c>: simulated devices →
/// the gateway's device broker on <c>mqtts://</c> (trusting the fleet CA) → Mosquitto's gateway TLS listener (the gateway
/// presents its client certificate; its CN is its user name) → Mosquitto's coordinator TLS listener → a coordinator
/// replica on PostgreSQL (<c>--broker mqtts:// --ca</c>); and, separately, the gateway → the coordinator's own central broker
/// on TLS (<c>--listen mqtts://</c>, client certificates required). A coordinator trusting another CA stops at start with one line.
/// </summary>
[Collection(FaultTestCollection.Name)]
public sealed class TlsPipelineTests
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Readings_sent_over_tls_through_the_gateway_and_mosquitto_are_stored_once_and_the_ledger_verifies()
    {
        const int seed = 20_01;
        await using var network = await ProcessNetwork.StartAsync(devices: 4, gateways: 1, tls: true);
        var ca = Path.Combine(network.Broker.TlsFolder!, "ca.pem");
        var coordinator = await network.StartCoordinatorAsync(tlsCa: ca);
        var gateway = await network.StartTlsGatewayAsync("gw-01");

        var simulation = network.StartTlsSimulation("gw-01", seed, seconds: 12);
        var sent = await ProcessNetwork.TotalsOfAsync(simulation, TimeSpan.FromMinutes(2));

        var stored = await Stored.WaitForAsync(network, coordinator, sent.ReadingsSent, DrainTimeout);
        TestLog.Line($"tls pipeline: seed {seed}; sent {sent.ReadingsSent} readings in {sent.FramesSent} frames; stored {stored.Readings} in {stored.Frames} frames, " +
            $"{stored.Batches} batches; duplicates {stored.Duplicates}; lost {stored.Lost}");
        Assert.True(sent.ReadingsSent > 0, "the devices sent nothing");
        Assert.Equal(sent.ReadingsSent, stored.Readings);
        Assert.Equal(sent.ReadingsSent, stored.StatsReadings);
        Assert.Equal(sent.FramesSent, stored.Frames);
        Assert.Equal(0, stored.Lost);
        Assert.Contains(gateway.Out, l => l.Contains($"devices connect to mqtts://127.0.0.1:", StringComparison.Ordinal) && l.Contains($"uplink to {network.Broker.TlsUrl} with its client certificate", StringComparison.Ordinal));
        Assert.Contains("u'gw-01'", network.Broker.ReadLog(), StringComparison.Ordinal); // Mosquitto took the user name from the certificate

        Assert.Contains(coordinator.Process.Out, l => l.Contains($"batches from mqtts://127.0.0.1:{network.Broker.CoordinatorTlsPort} as coordinator", StringComparison.Ordinal));

        var (verifyExit, verifyJson) = await network.VerifyLedgerAsync();
        Assert.True(verifyExit == 0, verifyJson);
    }

    [Fact]
    public async Task Readings_sent_over_tls_through_the_gateway_to_the_coordinators_own_tls_broker_are_stored_once_and_the_ledger_verifies()
    {
        const int seed = 20_02;
        await using var network = await ProcessNetwork.StartAsync(devices: 4, gateways: 1, tls: true);
        var (coordinator, brokerUrl) = await network.StartEmbeddedTlsCoordinatorAsync();
        var gateway = await network.StartTlsGatewayAsync("gw-01", brokerUrl);

        var simulation = network.StartTlsSimulation("gw-01", seed, seconds: 12);
        var sent = await ProcessNetwork.TotalsOfAsync(simulation, TimeSpan.FromMinutes(2));

        var stored = await Stored.WaitForAsync(network, coordinator, sent.ReadingsSent, DrainTimeout);
        TestLog.Line($"tls pipeline (embedded broker): seed {seed}; sent {sent.ReadingsSent} readings in {sent.FramesSent} frames; stored {stored.Readings} in {stored.Frames} frames, " +
            $"{stored.Batches} batches; duplicates {stored.Duplicates}; lost {stored.Lost}");
        Assert.True(sent.ReadingsSent > 0, "the devices sent nothing");
        Assert.Equal(sent.ReadingsSent, stored.Readings);
        Assert.Equal(sent.ReadingsSent, stored.StatsReadings);
        Assert.Equal(sent.FramesSent, stored.Frames);
        Assert.Equal(0, stored.Lost);
        Assert.Contains(coordinator.Process.Out, l => l.Contains($"central broker on {brokerUrl} (gateways' client certificates required)", StringComparison.Ordinal));
        Assert.Contains(gateway.Out, l => l.Contains($"uplink to {brokerUrl} with its client certificate", StringComparison.Ordinal));

        var (verifyExit, verifyJson) = await network.VerifyLedgerAsync();
        Assert.True(verifyExit == 0, verifyJson);
    }

    [Fact]
    public async Task A_coordinator_trusting_another_ca_than_mosquittos_stops_at_start_with_one_line_and_exit_1()
    {
        await using var network = await ProcessNetwork.StartAsync(devices: 1, gateways: 1, tls: true);
        var otherTls = network.Work["other-tls"];
        await using (var provision = EdgeComputeProcess.Start("provision tls (other CA)", ["provision", "tls", "--fleet", network.Fleet, "--out", otherTls]))
        {
            Assert.True(await provision.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, provision.Tail());
        }

        var otherCa = Path.Combine(otherTls, "ca.pem");
        var coordinator = network.StartCoordinatorProcess("coordinator (other CA)", FreePort.Next(), tlsCa: otherCa);
        var exit = await coordinator.WaitForExitAsync(TimeSpan.FromSeconds(90));

        var url = $"mqtts://127.0.0.1:{network.Broker.CoordinatorTlsPort}";
        var error = OneLineError.Assert(coordinator, 1, $"--broker {url}: cannot take batches from it", "TLS: ", $"is not signed by the CA in {otherCa}");
        TestLog.Line($"[coordinator, other CA] exit {exit}: {error}");
    }
}
