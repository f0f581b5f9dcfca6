using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Gateway.Tests.Fixtures;
using EdgeCompute.Gateway.Tests.Outage;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Gateway.Uplink;
using EdgeCompute.Protocol.Tls;
using EdgeCompute.Tests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Gateway.Tests.Uplink;

/// <summary>
/// The uplink over TLS to a central broker stand-in that listens with TLS and requires a client certificate from the
/// fleet CA, with certificates made here: a gateway with the fleet CA and its own certificate gets its batches stored
/// and acked; a wrong CA, an expired broker certificate, a certificate for another host, or no client certificate is
/// refused, counted and said once in one line.
/// </summary>
public sealed class UplinkTlsTests
{
    [Fact]
    public async Task Batches_travel_over_tls_with_the_gateways_own_client_certificate_and_are_acked()
    {
        await using var gateway = new TestGateway(devices: 1);
        using var tls = new TlsFolder([gateway.File.GatewayId]);
        await using var fixture = await BrokerAsync(gateway, tls, tls.ServerCertificate, tls.ServerKey);
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(TestFrames.WindowStartMs));
        var outbox = gateway.OpenOutbox(time);
        for (uint seq = 1; seq <= 3; seq++)
        {
            var (bytes, readings) = TestFrames.Summary(gateway.KeyOf(0), gateway.IdOf(0), 1, seq);
            await outbox.AppendFrameAsync(TestFrames.Decode(bytes), bytes, readings, TestContext.Current.CancellationToken);
        }

        Trust(gateway, tls, clientCertificate: true);
        var uplink = gateway.StartUplink(outbox, fixture.Url, time, TestSeed.Random(11));
        await Eventually.TrueAsync(() => outbox.UnackedBatches == 0 && outbox.PendingItems == 0, "the batches acked", step: () => time.Advance(TimeSpan.FromMilliseconds(250)));

        Assert.Equal(3, fixture.FramesStored);
        Assert.Equal(gateway.File.GatewayId, fixture.LastClientCertificateName);
        Assert.Equal(0, uplink.Events[UplinkEvent.TlsRefused]);
        Assert.Empty(fixture.TlsRefusals);
    }

    [Fact]
    public async Task A_broker_certificate_of_another_ca_is_refused_and_said_once()
    {
        await using var gateway = new TestGateway(devices: 1);
        using var tls = new TlsFolder([gateway.File.GatewayId]);
        using var otherFleet = new TlsFolder([gateway.File.GatewayId]);
        await using var fixture = await BrokerAsync(gateway, tls, otherFleet.ServerCertificate, otherFleet.ServerKey);

        var (uplink, log) = await RefusedAsync(gateway, tls, fixture);

        Assert.Contains("is not signed by the CA in", log, StringComparison.Ordinal);
        Assert.Equal(TlsRefusalReason.PeerAborted, fixture.TlsRefusals.First().Reason);
        Assert.False(uplink.IsConnected);
    }

    [Fact]
    public async Task An_expired_broker_certificate_is_refused_and_said_once()
    {
        await using var gateway = new TestGateway(devices: 1);
        using var tls = new TlsFolder([gateway.File.GatewayId]);
        var (certificate, key) = tls.ExpiredServer();
        await using var fixture = await BrokerAsync(gateway, tls, certificate, key);

        var (_, log) = await RefusedAsync(gateway, tls, fixture);

        Assert.Contains("expired on", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broker_certificate_for_another_host_is_refused_and_said_once()
    {
        await using var gateway = new TestGateway(devices: 1);
        using var tls = new TlsFolder([gateway.File.GatewayId]);
        var (certificate, key) = tls.ServerFor("coordinator", "coordinator.example");
        await using var fixture = await BrokerAsync(gateway, tls, certificate, key);

        var (_, log) = await RefusedAsync(gateway, tls, fixture);

        Assert.Contains("is for DNS:coordinator.example, not 127.0.0.1", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_without_a_client_certificate_is_refused_by_a_broker_that_requires_one()
    {
        await using var gateway = new TestGateway(devices: 1);
        using var tls = new TlsFolder([gateway.File.GatewayId]);
        await using var fixture = await BrokerAsync(gateway, tls, tls.ServerCertificate, tls.ServerKey);

        var (_, log) = await RefusedAsync(gateway, tls, fixture, clientCertificate: false);

        // the broker closes the connection right after the handshake; the client sees a close or a reset, by timing
        Assert.Contains("the TLS handshake", log, StringComparison.Ordinal);
        Assert.Contains("it refused this client's certificate", log, StringComparison.Ordinal);
        Assert.Contains("(--client-cert)", log, StringComparison.Ordinal);
        Assert.Equal(TlsRefusalReason.NoCertificate, fixture.TlsRefusals.First().Reason);
    }

    [Fact]
    public async Task A_client_certificate_of_another_gateway_stops_the_gateway_at_start_naming_the_setting()
    {
        await using var gateway = new TestGateway(devices: 1);
        using var tls = new TlsFolder([gateway.File.GatewayId, "gw-99"]);
        gateway.Options.Uplink.BrokerUrl = "mqtts://127.0.0.1:8883";
        gateway.Options.Uplink.CaFile = tls.Ca;
        gateway.Options.Uplink.ClientCertificateFile = tls.GatewayCertificate("gw-99");
        gateway.Options.Uplink.ClientKeyFile = tls.GatewayKey("gw-99");

        var e = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => gateway.CreateNode(gateway.Options.Uplink.BrokerUrl));

        var failure = Assert.Single(e.Failures);
        Assert.StartsWith("GatewayOptions:Uplink:ClientCertificateFile", failure, StringComparison.Ordinal);
        Assert.Contains($"is the certificate of CN=gw-99, not of this gateway ({gateway.File.GatewayId})", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_files_are_checked_at_start_and_only_with_an_mqtts_broker()
    {
        using var tls = new TlsFolder(["gw-01"]);
        var options = new GatewayOptions();
        options.Uplink.BrokerUrl = "mqtt://127.0.0.1:1883";
        options.Uplink.CaFile = tls.Ca;
        Assert.Contains(GatewayTlsValidator.Check(options), f => f.Contains("need TLS", StringComparison.Ordinal));

        options.Uplink.BrokerUrl = "mqtts://127.0.0.1:8883";
        options.Uplink.CaFile = tls.ServerCertificate;
        options.Uplink.ClientCertificateFile = tls.GatewayCertificate("gw-01");
        options.DeviceBroker.Tls.Enabled = true;
        options.DeviceBroker.Tls.CertificateFile = tls.ServerCertificate;
        options.DeviceBroker.Tls.KeyFile = tls.GatewayKey("gw-01");
        var failures = GatewayTlsValidator.Check(options).ToList();

        Assert.Contains(failures, f => f.StartsWith("GatewayOptions:Uplink:CaFile", StringComparison.Ordinal) && f.Contains("not a CA certificate", StringComparison.Ordinal));
        Assert.Contains(failures, f => f == "GatewayOptions:Uplink:ClientCertificateFile and GatewayOptions:Uplink:ClientKeyFile must both name a PEM file");
        Assert.Contains(failures, f => f.StartsWith("GatewayOptions:DeviceBroker:Tls:KeyFile", StringComparison.Ordinal) && f.Contains("is not the private key of CN=127.0.0.1", StringComparison.Ordinal));
        Assert.All(failures, f => Assert.DoesNotContain('\n', f));
    }

    private static async Task<CoordinatorIngestFixture> BrokerAsync(TestGateway gateway, TlsFolder fleetTls, string certificate, string key)
    {
        var fixture = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File)
        {
            Tls = new TlsServerOptions { Certificate = TlsFiles.ReadCertificateWithKey(certificate, key), ClientTrust = fleetTls.Trust },
        };
        await fixture.StartAsync();
        return fixture;
    }

    private static void Trust(TestGateway gateway, TlsFolder tls, bool clientCertificate)
    {
        gateway.Options.Uplink.CaFile = tls.Ca;
        if (clientCertificate)
        {
            gateway.Options.Uplink.ClientCertificateFile = tls.GatewayCertificate(gateway.File.GatewayId);
            gateway.Options.Uplink.ClientKeyFile = tls.GatewayKey(gateway.File.GatewayId);
        }
    }

    /// <summary>Runs the uplink until it has failed three times in TLS; the warning must have been said exactly once, in one line.</summary>
    private static async Task<(UplinkClient Uplink, string Warning)> RefusedAsync(TestGateway gateway, TlsFolder tls, CoordinatorIngestFixture fixture, bool clientCertificate = true)
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(TestFrames.WindowStartMs));
        var outbox = gateway.OpenOutbox(time);
        Trust(gateway, tls, clientCertificate);
        gateway.Options.Uplink.BrokerUrl = fixture.Url;
        Assert.Empty(GatewayOptionsValidator.Check(gateway.Options));
        var log = new WarningLog();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log));
        var uplink = gateway.Own(new UplinkClient(gateway.Options, gateway.File, outbox, [gateway.IdOf(0)], null, time, TestSeed.Random(5), loggers.CreateLogger<UplinkClient>()));
        uplink.Start();
        await Eventually.TrueAsync(() => uplink.Events[UplinkEvent.TlsRefused] >= 3, "three refused attempts", step: () => time.Advance(TimeSpan.FromSeconds(1)));

        var warnings = log.Lines.Where(l => l.Contains("refused in TLS", StringComparison.Ordinal)).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", log.Lines.Concat(fixture.TlsRefusals.Select(r => "server: " + r.Message))));
        var warning = Assert.Single(warnings);
        Assert.DoesNotContain('\n', warning);
        Assert.Equal(0, fixture.ConnectionsAccepted);
        return (uplink, warning);
    }
}
