using System.Security.Cryptography.X509Certificates;
using EdgeCompute.Firmware.Simulator.Transport;
using EdgeCompute.Gateway.DeviceBroker;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Tls;
using EdgeCompute.Protocol.Topics;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Gateway.Tests.DeviceBroker;

/// <summary>
/// The device broker's TLS listener against the simulator's TLS device transport, with certificates made here: a device
/// trusting the fleet CA is served; every refusal is one line on the device and one count on the broker. The devices'
/// reconnect backoff runs on a fake clock that never moves, so each device makes exactly one attempt.
/// </summary>
public sealed class DeviceBrokerTlsTests
{
    [Fact]
    public async Task Stores_a_frame_a_device_sends_over_tls()
    {
        using var tls = new TlsFolder();
        await using var gateway = new TestGateway(devices: 1);
        var (broker, outbox) = await StartTlsBrokerAsync(gateway, tls.ServerCertificate, tls.ServerKey);
        await using var device = Device(gateway, tls.Trust);

        Assert.True(await device.ConnectAsync(TestContext.Current.CancellationToken), device.LastConnectFailure);
        var (frame, _) = TestFrames.Summary(gateway.KeyOf(0), gateway.IdOf(0), 1, 1);
        Assert.True(device.Publish(ProtocolTopics.Device(gateway.IdOf(0), DeviceTopicKind.Tel), frame, 0, frame.Length, retain: false));

        Assert.True(broker.UsesTls);
        Assert.Equal(1, outbox.Counters().Stored);
        Assert.Null(device.LastConnectFailure);
        Assert.Equal(0, broker.Refusals[BrokerRefusal.TlsHandshakeFailed] + broker.Refusals[BrokerRefusal.TlsNotTls]);
    }

    [Fact]
    public async Task A_device_trusting_another_ca_refuses_the_gateway_and_the_gateway_counts_it()
    {
        using var tls = new TlsFolder();
        using var otherFleet = new TlsFolder();
        await using var gateway = new TestGateway(devices: 1);
        var (broker, _) = await StartTlsBrokerAsync(gateway, tls.ServerCertificate, tls.ServerKey);

        var refusal = await RefusedAsync(gateway, otherFleet.Trust, broker, BrokerRefusal.TlsHandshakeFailed);

        Assert.Equal(TlsRefusalReason.UntrustedIssuer, refusal.Reason);
        Assert.Contains("is not signed by the CA in", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_refuses_an_expired_gateway_certificate_and_the_gateway_counts_it()
    {
        using var tls = new TlsFolder();
        var (certificate, key) = tls.ExpiredServer();
        await using var gateway = new TestGateway(devices: 1);
        var (broker, _) = await StartTlsBrokerAsync(gateway, certificate, key);

        var refusal = await RefusedAsync(gateway, tls.Trust, broker, BrokerRefusal.TlsHandshakeFailed);

        Assert.Equal(TlsRefusalReason.Expired, refusal.Reason);
        Assert.Contains("expired on", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_refuses_a_gateway_certificate_for_another_host_and_the_gateway_counts_it()
    {
        using var tls = new TlsFolder();
        var (certificate, key) = tls.ServerFor("elsewhere", "gateway.example", "192.0.2.10");
        await using var gateway = new TestGateway(devices: 1);
        var (broker, _) = await StartTlsBrokerAsync(gateway, certificate, key);

        var refusal = await RefusedAsync(gateway, tls.Trust, broker, BrokerRefusal.TlsHandshakeFailed);

        Assert.Equal(TlsRefusalReason.NameMismatch, refusal.Reason);
        Assert.Contains("is for DNS:gateway.example, IP:192.0.2.10, not 127.0.0.1", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_device_on_the_tls_port_is_hung_up_on_and_told_so_and_the_gateway_counts_it()
    {
        using var tls = new TlsFolder();
        await using var gateway = new TestGateway(devices: 1);
        var (broker, _) = await StartTlsBrokerAsync(gateway, tls.ServerCertificate, tls.ServerKey);

        var refusal = await RefusedAsync(gateway, null, broker, BrokerRefusal.TlsNotTls);

        Assert.Equal(TlsRefusalReason.NotTls, refusal.Reason);
        Assert.Contains("closed the connection without answering CONNECT: a TLS port? connect with mqtts:// and --ca", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tls_device_on_the_plain_port_is_told_the_port_does_not_speak_tls()
    {
        using var tls = new TlsFolder();
        await using var gateway = new TestGateway(devices: 1);
        var outbox = gateway.OpenOutbox();
        await gateway.StartBrokerAsync(outbox);
        await using var device = Device(gateway, tls.Trust);

        Assert.False(await device.ConnectAsync(TestContext.Current.CancellationToken));

        Assert.NotNull(device.LastConnectRefusal);
        Assert.Contains("during the TLS handshake", device.LastConnectFailure, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', device.LastConnectFailure!);
    }

    private static async Task<(DeviceBrokerServer Broker, EdgeCompute.Gateway.Outbox.OutboxStore Outbox)> StartTlsBrokerAsync(TestGateway gateway, string certificate, string key)
    {
        var tls = gateway.Options.DeviceBroker.Tls;
        tls.Enabled = true;
        tls.CertificateFile = certificate;
        tls.KeyFile = key;
        Assert.Empty(EdgeCompute.Gateway.Configuration.GatewayTlsValidator.Check(gateway.Options));
        var outbox = gateway.OpenOutbox();
        var (broker, _) = await gateway.StartBrokerAsync(outbox);
        return (broker, outbox);
    }

    /// <summary>One device with TLS (trusting <paramref name="trust"/>) or, when null, a plain one; the fake clock keeps it to one attempt.</summary>
    private static MqttDeviceTransport Device(TestGateway gateway, X509Certificate2Collection? trust) => new(
        new MqttDeviceTransportOptions
        {
            DeviceId = gateway.IdOf(0),
            Key = gateway.KeyOf(0),
            Host = "127.0.0.1",
            Port = gateway.Options.DeviceBroker.Port,
            UseTls = trust is not null,
            TrustedCa = trust,
            TrustSource = trust is null ? null : "the CA in ca.pem",
        },
        new FakeTimeProvider());

    private static async Task<TlsRefusal> RefusedAsync(TestGateway gateway, X509Certificate2Collection? trust, DeviceBrokerServer broker, BrokerRefusal counted)
    {
        await using var device = Device(gateway, trust);
        Assert.False(await device.ConnectAsync(TestContext.Current.CancellationToken));
        await Eventually.TrueAsync(() => broker.Refusals[counted] >= 1, $"the broker counting {counted}");

        var refusal = device.LastConnectRefusal;
        Assert.NotNull(refusal);
        Assert.Equal(refusal.Message, device.LastConnectFailure);
        Assert.DoesNotContain('\n', refusal.Message);
        Assert.Equal(1, device.ConnectAttempts);
        Assert.Equal(1, broker.Refusals[counted]);
        Assert.Equal(1, broker.Refusals[BrokerRefusal.TlsHandshakeFailed] + broker.Refusals[BrokerRefusal.TlsNotTls]);
        return refusal;
    }
}
