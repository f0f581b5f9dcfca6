using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Coordinator.Tests.Ingest;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Tls;
using EdgeCompute.Protocol.Topics;
using EdgeCompute.Tests;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeCompute.Coordinator.Tests.Broker;

/// <summary>
/// The embedded central broker on TLS with client certificates, with certificates made here: a gateway with the fleet CA
/// and its own client certificate gets its batch stored and acked; a client trusting another CA, an expired broker or
/// gateway certificate, a broker certificate for another host, a plain client, no client certificate, and a gateway
/// presenting another gateway's certificate are each refused: one line on the client, one count on the broker.
/// </summary>
public sealed class CentralBrokerTlsTests
{
    [Fact]
    public async Task A_gateway_with_its_own_client_certificate_gets_its_batch_stored_and_acked_over_tls()
    {
        var random = TestSeed.Random(2002);
        BrokerTlsFolder? tls = null;
        await using var world = await BrokerWorld.StartAsync(tls: ingest => (tls = Folder(ingest)).Options());
        using var _ = tls;
        var gateway = world.Ingest.Fleet.Gateways[0];
        var (client, result) = await world.ConnectTlsAsync(gateway.GatewayId, gateway.BrokerPassword, tls!.Check(world.Port), tls.Gateway(gateway.GatewayId));
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        var received = BrokerWorld.Collect(client);
        await client.SubscribeAsync(ProtocolTopics.Gateway(gateway.GatewayId, GatewayTopicKind.Ack), MqttQualityOfServiceLevel.AtLeastOnce, TestContext.Current.CancellationToken);
        var (frame, readings) = IngestWorld.SummaryFrame(world.Ingest.DevicesOf(gateway.GatewayId)[0], 1, 1, random);

        var published = await BrokerWorld.PublishAsync(client, IngestWorld.Up(gateway.GatewayId), world.Ingest.Seal(gateway.GatewayId, 1, 1, [new DeviceFrameItem(frame)]));
        await BrokerWorld.WaitUntilAsync(() => !received.IsEmpty, "the ack");

        Assert.True(published.IsSuccess, published.ReasonCode.ToString());
        Assert.True(world.Broker.UsesTls);
        var stats = await world.Ingest.Store.ReadStatsAsync(TestContext.Current.CancellationToken);
        Assert.Equal((readings, 1L), (stats.ReadingsStored, stats.BatchesStored));
        Assert.Equal(0, world.Broker.Refusals(BrokerRefusal.TlsHandshakeFailed) + world.Broker.Refusals(BrokerRefusal.TlsNotTls));
    }

    [Fact]
    public async Task A_gateway_presenting_another_gateways_certificate_is_refused_with_the_reason_and_counted()
    {
        BrokerTlsFolder? tls = null;
        await using var world = await BrokerWorld.StartAsync(tls: ingest => (tls = Folder(ingest)).Options());
        using var _ = tls;
        var own = world.Ingest.Fleet.Gateways[0];
        var other = world.Ingest.Fleet.Gateways[1];

        var (_, result) = await world.ConnectTlsAsync(own.GatewayId, own.BrokerPassword, tls!.Check(world.Port), tls.Gateway(other.GatewayId));

        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, result.ResultCode);
        Assert.Equal($"the client certificate is of CN={other.GatewayId}, not of gateway {own.GatewayId}", result.ReasonString);
        Assert.Equal(1, world.Broker.Refusals(BrokerRefusal.CertificateNotOfGateway));
        Assert.Equal(0, world.Broker.Refusals(BrokerRefusal.BadCredentials));
    }

    [Fact]
    public async Task A_client_trusting_another_ca_refuses_the_broker_in_one_line_and_the_broker_counts_it()
    {
        BrokerTlsFolder? tls = null;
        await using var world = await BrokerWorld.StartAsync(tls: ingest => (tls = Folder(ingest)).Options());
        using var _ = tls;
        using var otherFleet = Folder(world.Ingest);
        var gateway = world.Ingest.Fleet.Gateways[0];
        var check = otherFleet.Check(world.Port);

        var refusal = await RefusedAsync(world, gateway.GatewayId, gateway.BrokerPassword, check, otherFleet.Gateway(gateway.GatewayId));

        Assert.Equal(TlsRefusalReason.UntrustedIssuer, refusal.Reason);
        Assert.StartsWith($"TLS: the certificate of 127.0.0.1:{world.Port}", refusal.Message, StringComparison.Ordinal);
        Assert.Contains($"is not signed by the CA in {otherFleet.Ca}", refusal.Message, StringComparison.Ordinal);
        await BrokerWorld.WaitUntilAsync(() => world.Broker.Refusals(BrokerRefusal.TlsHandshakeFailed) == 1, "the broker's count");
    }

    [Fact]
    public async Task An_expired_broker_certificate_is_refused_by_the_gateway_in_one_line()
    {
        BrokerTlsFolder? tls = null;
        await using var world = await BrokerWorld.StartAsync(tls: ingest => (tls = Folder(ingest)).Options(tls.ExpiredServer()));
        using var _ = tls;
        var gateway = world.Ingest.Fleet.Gateways[0];

        var refusal = await RefusedAsync(world, gateway.GatewayId, gateway.BrokerPassword, tls!.Check(world.Port), tls.Gateway(gateway.GatewayId));

        Assert.Equal(TlsRefusalReason.Expired, refusal.Reason);
        Assert.Contains("expired on", refusal.Message, StringComparison.Ordinal);
        await BrokerWorld.WaitUntilAsync(() => world.Broker.Refusals(BrokerRefusal.TlsHandshakeFailed) == 1, "the broker's count");
    }

    [Fact]
    public async Task A_broker_certificate_for_another_host_is_refused_by_the_gateway_in_one_line()
    {
        BrokerTlsFolder? tls = null;
        await using var world = await BrokerWorld.StartAsync(tls: ingest => (tls = Folder(ingest)).Options(tls.ServerFor("elsewhere", "coordinator.example")));
        using var _ = tls;
        var gateway = world.Ingest.Fleet.Gateways[0];

        var refusal = await RefusedAsync(world, gateway.GatewayId, gateway.BrokerPassword, tls!.Check(world.Port), tls.Gateway(gateway.GatewayId));

        Assert.Equal(TlsRefusalReason.NameMismatch, refusal.Reason);
        Assert.Contains("coordinator.example", refusal.Message, StringComparison.Ordinal);
        await BrokerWorld.WaitUntilAsync(() => world.Broker.Refusals(BrokerRefusal.TlsHandshakeFailed) == 1, "the broker's count");
    }

    [Fact]
    public async Task An_expired_gateway_certificate_is_refused_and_counted_as_expired()
    {
        BrokerTlsFolder? tls = null;
        await using var world = await BrokerWorld.StartAsync(tls: ingest => (tls = Folder(ingest)).Options());
        using var _ = tls;
        var gateway = world.Ingest.Fleet.Gateways[0];

        var refusal = await RefusedAsync(world, gateway.GatewayId, gateway.BrokerPassword, tls!.Check(world.Port), tls.ExpiredGateway(gateway.GatewayId));

        Assert.Contains("--client-cert", refusal.Message, StringComparison.Ordinal); // the client learns only that its certificate was refused
        await BrokerWorld.WaitUntilAsync(() => world.Broker.TlsRefusals(TlsRefusalReason.Expired) == 1, "the broker's count of an expired client certificate");
        Assert.Equal(1, world.Broker.Refusals(BrokerRefusal.TlsHandshakeFailed));
    }

    [Fact]
    public async Task A_gateway_without_a_client_certificate_is_refused_and_counted()
    {
        BrokerTlsFolder? tls = null;
        await using var world = await BrokerWorld.StartAsync(tls: ingest => (tls = Folder(ingest)).Options());
        using var _ = tls;
        var gateway = world.Ingest.Fleet.Gateways[0];

        var refusal = await RefusedAsync(world, gateway.GatewayId, gateway.BrokerPassword, tls!.Check(world.Port), clientCertificate: null);

        Assert.Contains("--client-cert", refusal.Message, StringComparison.Ordinal);
        await BrokerWorld.WaitUntilAsync(() => world.Broker.TlsRefusals(TlsRefusalReason.NoCertificate) == 1, "the broker's count of a missing client certificate");
    }

    [Fact]
    public async Task A_plain_client_on_the_tls_port_is_refused_and_counted()
    {
        BrokerTlsFolder? tls = null;
        await using var world = await BrokerWorld.StartAsync(tls: ingest => (tls = Folder(ingest)).Options());
        using var _ = tls;
        var gateway = world.Ingest.Fleet.Gateways[0];

        var error = await Record.ExceptionAsync(() => world.ConnectAsync(gateway.GatewayId, gateway.GatewayId, gateway.BrokerPassword));

        Assert.NotNull(error);
        await BrokerWorld.WaitUntilAsync(() => world.Broker.Refusals(BrokerRefusal.TlsNotTls) == 1, "the broker's count of a plain client");
        Assert.Equal(0, world.Broker.Refusals(BrokerRefusal.BadCredentials));
    }

    [Fact]
    public async Task Without_a_client_ca_a_gateway_logs_in_over_tls_with_its_password_alone()
    {
        BrokerTlsFolder? tls = null;
        await using var world = await BrokerWorld.StartAsync(tls: ingest => (tls = Folder(ingest)).Options(clientCertificates: false));
        using var _ = tls;
        var gateway = world.Ingest.Fleet.Gateways[0];

        var (_, result) = await world.ConnectTlsAsync(gateway.GatewayId, gateway.BrokerPassword, tls!.Check(world.Port), clientCertificate: null);

        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
    }

    [Theory]
    [InlineData("Tls:KeyFile", "key")]
    [InlineData("Tls:CertificateFile", "certificate")]
    [InlineData("Tls:ClientCaFile", "client-ca")]
    [InlineData("Tls:CertificateFile, KeyFile and ClientCaFile need Tls:Enabled", "disabled")]
    public void Unusable_tls_settings_fail_validation_naming_the_setting(string setting, string what)
    {
        using var tls = new BrokerTlsFolder(["gw-01", "gw-02"]);
        var options = tls.Options();
        switch (what)
        {
            case "key": options.KeyFile = Path.Combine(tls.Folder, "gateways", "gw-01-key.pem"); break; // not the server certificate's key
            case "certificate": options.CertificateFile = Path.Combine(tls.Folder, "missing.pem"); break;
            case "client-ca": options.ClientCaFile = tls.ServerCertificate; break; // not a CA certificate
            default: options.Enabled = false; break;
        }

        var result = new CentralBrokerOptionsValidator().Validate(null, new CentralBrokerOptions { Tls = options });

        Assert.True(result.Failed);
        Assert.StartsWith(setting, Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    private static BrokerTlsFolder Folder(IngestWorld ingest) => new([.. ingest.Fleet.Gateways.Select(g => g.GatewayId)]);

    /// <summary>Connects as a gateway that must be refused by TLS and describes the failure as the gateway uplink does.</summary>
    private static async Task<TlsRefusal> RefusedAsync(BrokerWorld world, string gatewayId, string password, ServerCertificateCheck check,
        System.Security.Cryptography.X509Certificates.X509Certificate2? clientCertificate)
    {
        var error = await Record.ExceptionAsync(() => world.ConnectTlsAsync(gatewayId, password, check, clientCertificate));
        Assert.NotNull(error);
        var refusal = TlsClientFailure.Describe(error, check)
            ?? (error is MQTTnet.Adapter.MqttConnectingFailedException { InnerException: MQTTnet.Exceptions.MqttCommunicationException } ? TlsClientFailure.ClosedAfterHandshake(check) : null);
        Assert.True(refusal is not null, $"not described as a TLS refusal: {error}");
        Assert.DoesNotContain('\n', refusal.Message);
        return refusal;
    }
}
