using EdgeCompute.Protocol.Tls;

namespace EdgeCompute.Protocol.Tests.Tls;

/// <summary>The server side of an embedded broker's TLS listener, over real loopback connections.</summary>
public sealed class TlsServerHandshakeTests
{
    [Fact]
    public async Task Tells_a_plain_mqtt_connect_from_a_tls_handshake_and_hangs_up()
    {
        using var ca = new TestAuthority();
        using var server = ca.Server();
        using var withKey = server.WithKey();

        // the first bytes of an MQTT 5 CONNECT
        var (result, back) = await LoopbackTls.SendPlainAsync(new TlsServerOptions { Certificate = withKey }, [0x10, 0x10, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x05]);

        Assert.Equal(TlsRefusalReason.NotTls, result.Refusal?.Reason);
        Assert.Contains("sent a plain MQTT CONNECT instead of a TLS handshake", result.Refusal!.Message, StringComparison.Ordinal);
        Assert.Equal(0, back);
    }

    [Fact]
    public async Task A_client_that_never_finishes_the_handshake_is_refused_when_its_time_is_up()
    {
        using var ca = new TestAuthority();
        using var server = ca.Server();
        using var withKey = server.WithKey();

        // a TLS record header and nothing more: the outcome is a timeout however slow the machine
        var (result, _) = await LoopbackTls.SendPlainAsync(new TlsServerOptions { Certificate = withKey, HandshakeTimeout = TimeSpan.FromMilliseconds(300) }, [0x16, 0x03, 0x01]);

        Assert.Equal(TlsRefusalReason.Timeout, result.Refusal?.Reason);
    }

    [Fact]
    public async Task Takes_a_gateway_client_certificate_of_the_fleet_ca_and_hands_it_on()
    {
        using var ca = new TestAuthority();
        using var server = ca.Server();
        using var serverKey = server.WithKey();
        using var client = ca.Client("gw-03");
        using var clientKey = client.WithKey();

        var (result, error, _) = await LoopbackTls.ConnectAsync(new TlsServerOptions { Certificate = serverKey, ClientTrust = ca.Trust }, ca.Trust, clientCertificate: clientKey);

        Assert.Null(error);
        Assert.True(result.IsSuccess);
        Assert.Equal("gw-03", CertificateFacts.CommonName(result.ClientCertificate!));
    }

    [Fact]
    public async Task Refuses_a_client_without_a_certificate_when_one_is_required()
    {
        using var ca = new TestAuthority();
        using var server = ca.Server();
        using var serverKey = server.WithKey();

        var (result, error, check) = await LoopbackTls.ConnectAsync(new TlsServerOptions { Certificate = serverKey, ClientTrust = ca.Trust }, ca.Trust);

        Assert.Equal(TlsRefusalReason.NoCertificate, result.Refusal?.Reason);
        Assert.NotNull(error);
        Assert.Null(check.LastRefusal); // the client had nothing against the server
    }

    [Fact]
    public async Task Refuses_a_client_certificate_of_another_ca()
    {
        using var ca = new TestAuthority();
        using var other = new TestAuthority("other fleet CA");
        using var server = ca.Server();
        using var serverKey = server.WithKey();
        using var client = other.Client("gw-01");
        using var clientKey = client.WithKey();

        var (result, error, _) = await LoopbackTls.ConnectAsync(new TlsServerOptions { Certificate = serverKey, ClientTrust = ca.Trust }, ca.Trust, clientCertificate: clientKey);

        Assert.Equal(TlsRefusalReason.UntrustedIssuer, result.Refusal?.Reason);
        Assert.Contains("(CN=gw-01, issued by CN=other fleet CA) is not signed by the fleet CA", result.Refusal!.Message, StringComparison.Ordinal);
        Assert.NotNull(error);
    }

    [Fact]
    public async Task Refuses_an_expired_client_certificate()
    {
        using var ca = new TestAuthority();
        using var server = ca.Server();
        using var serverKey = server.WithKey();
        using var client = ca.ExpiredClient("gw-01");
        using var clientKey = client.WithKey();

        var (result, _, _) = await LoopbackTls.ConnectAsync(new TlsServerOptions { Certificate = serverKey, ClientTrust = ca.Trust }, ca.Trust, clientCertificate: clientKey);

        Assert.Equal(TlsRefusalReason.Expired, result.Refusal?.Reason);
    }
}
