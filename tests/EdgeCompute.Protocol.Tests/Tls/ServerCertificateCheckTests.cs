using EdgeCompute.Protocol.Tls;

namespace EdgeCompute.Protocol.Tests.Tls;

/// <summary>The client's check of a server certificate, over real TLS handshakes on loopback with certificates made here.</summary>
public sealed class ServerCertificateCheckTests
{
    [Fact]
    public async Task Accepts_a_server_certificate_of_the_fleet_ca_for_the_host_connected_to()
    {
        using var ca = new TestAuthority();
        using var server = ca.Server();
        using var withKey = server.WithKey();

        var (result, error, check) = await LoopbackTls.ConnectAsync(new TlsServerOptions { Certificate = withKey }, ca.Trust);

        Assert.Null(error);
        Assert.Null(check.LastRefusal);
        Assert.True(result.IsSuccess);
    }

    [Fact]
    public async Task Refuses_a_server_certificate_of_another_ca()
    {
        using var ca = new TestAuthority();
        using var other = new TestAuthority("other fleet CA");
        using var server = other.Server();
        using var withKey = server.WithKey();

        var (result, error, check) = await LoopbackTls.ConnectAsync(new TlsServerOptions { Certificate = withKey }, ca.Trust);

        Assert.NotNull(error);
        var refusal = check.LastRefusal;
        Assert.NotNull(refusal);
        Assert.Equal(TlsRefusalReason.UntrustedIssuer, refusal.Reason);
        Assert.Equal(refusal, TlsClientFailure.Describe(error, check));
        Assert.StartsWith($"TLS: the certificate of {check.Peer} (CN=127.0.0.1, issued by CN=other fleet CA) is not signed by the test CA", refusal.Message, StringComparison.Ordinal);
        Assert.False(result.IsSuccess); // the server counts it too
        Assert.Equal(TlsRefusalReason.PeerAborted, result.Refusal!.Reason);
    }

    [Fact]
    public async Task Refuses_an_expired_server_certificate_naming_when_it_expired()
    {
        using var ca = new TestAuthority();
        using var server = ca.ExpiredServer();
        using var withKey = server.WithKey();

        var (result, _, check) = await LoopbackTls.ConnectAsync(new TlsServerOptions { Certificate = withKey }, ca.Trust);

        Assert.Equal(TlsRefusalReason.Expired, check.LastRefusal?.Reason);
        Assert.Contains($"expired on {server.Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC", check.LastRefusal!.Message, StringComparison.Ordinal);
        Assert.False(result.IsSuccess);
    }

    [Fact]
    public async Task Refuses_a_server_certificate_for_another_host_naming_the_hosts_it_is_for()
    {
        using var ca = new TestAuthority();
        using var server = ca.Server("gateway.example", "10.9.8.7");
        using var withKey = server.WithKey();

        var (result, _, check) = await LoopbackTls.ConnectAsync(new TlsServerOptions { Certificate = withKey }, ca.Trust);

        Assert.Equal(TlsRefusalReason.NameMismatch, check.LastRefusal?.Reason);
        Assert.StartsWith($"TLS: the certificate of {check.Peer} is for DNS:gateway.example, IP:10.9.8.7, not 127.0.0.1", check.LastRefusal!.Message, StringComparison.Ordinal);
        Assert.False(result.IsSuccess);
    }

    [Fact]
    public async Task Refuses_a_client_certificate_offered_as_a_server_certificate()
    {
        using var ca = new TestAuthority();
        using var gateway = ca.Client("gw-01");
        using var withKey = gateway.WithKey();

        var (_, _, check) = await LoopbackTls.ConnectAsync(new TlsServerOptions { Certificate = withKey }, ca.Trust, host: "127.0.0.1");

        Assert.Contains(check.LastRefusal?.Reason, new TlsRefusalReason?[] { TlsRefusalReason.WrongUsage, TlsRefusalReason.NameMismatch });
    }

    [Fact]
    public async Task A_trust_file_holding_the_old_and_the_new_ca_accepts_servers_of_either_during_a_ca_rotation()
    {
        using var old = new TestAuthority("old fleet CA");
        using var next = new TestAuthority("new fleet CA");
        var folder = Directory.CreateTempSubdirectory("ec-trust-").FullName;
        try
        {
            var both = Path.Combine(folder, "ca.pem");
            await File.WriteAllTextAsync(both, old.Authority.Authority.CertificatePem + next.Authority.Authority.CertificatePem, TestContext.Current.CancellationToken);
            var trust = TlsFiles.ReadTrust(both);
            using var oldServer = old.Server();
            using var newServer = next.Server();
            using var oldKey = oldServer.WithKey();
            using var newKey = newServer.WithKey();

            var (viaOld, oldError, _) = await LoopbackTls.ConnectAsync(new TlsServerOptions { Certificate = oldKey }, trust);
            var (viaNew, newError, _) = await LoopbackTls.ConnectAsync(new TlsServerOptions { Certificate = newKey }, trust);

            Assert.Equal(2, trust.Count);
            Assert.Null(oldError);
            Assert.Null(newError);
            Assert.True(viaOld.IsSuccess && viaNew.IsSuccess);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Every_refusal_is_one_line()
    {
        using var ca = new TestAuthority();
        using var other = new TestAuthority("other");
        using var foreign = other.Server();
        var check = new ServerCertificateCheck("127.0.0.1", 8884, ca.Trust, "the CA in /etc/edgecompute/ca.pem");
        var refusal = check.Check(foreign.Certificate, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors);
        Assert.NotNull(refusal);
        Assert.DoesNotContain('\n', refusal.Message);
        Assert.Contains("is not signed by the CA in /etc/edgecompute/ca.pem", refusal.Message, StringComparison.Ordinal);
    }
}
