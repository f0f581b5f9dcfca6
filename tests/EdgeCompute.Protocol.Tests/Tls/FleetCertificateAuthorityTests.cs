using System.Net;
using System.Security.Cryptography.X509Certificates;
using EdgeCompute.Protocol.Tls;

namespace EdgeCompute.Protocol.Tests.Tls;

public sealed class FleetCertificateAuthorityTests
{
    [Fact]
    public void The_authority_is_a_self_signed_ca_that_signs_end_certificates_only()
    {
        using var test = new TestAuthority("EdgeCompute fleet CA");
        var ca = test.Authority.Certificate;
        Assert.Equal("CN=EdgeCompute fleet CA", ca.Subject);
        Assert.Equal(ca.Subject, ca.Issuer);
        var constraints = ca.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.HasPathLengthConstraint);
        Assert.Equal(0, constraints.PathLengthConstraint);
        Assert.True(constraints.Critical);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, ca.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.Equal("ECC", ca.PublicKey.Oid.FriendlyName);
    }

    [Fact]
    public void A_server_certificate_names_every_host_and_chains_to_the_authority()
    {
        using var test = new TestAuthority();
        using var server = test.Authority.IssueServer(["broker.example", "10.0.0.5", "::1"], CertificateLifetime.FromNow(DateTimeOffset.UtcNow, 30));
        var certificate = server.Certificate;
        Assert.Equal("CN=broker.example", certificate.Subject);
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["broker.example"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("10.0.0.5"), IPAddress.IPv6Loopback], names.EnumerateIPAddresses());
        Assert.Equal([FleetCertificateAuthority.ServerAuthOid], certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
        Assert.False(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.True(Chains(certificate, test.Trust, FleetCertificateAuthority.ServerAuthOid));
        Assert.True(certificate.MatchesHostname("10.0.0.5"));
        Assert.False(certificate.MatchesHostname("127.0.0.1"));
    }

    [Fact]
    public void A_gateway_certificate_carries_the_gateway_id_as_its_common_name_and_is_for_clients_only()
    {
        using var test = new TestAuthority();
        using var client = test.Client("gw-07");
        Assert.Equal("CN=gw-07", client.Certificate.Subject);
        Assert.Equal("gw-07", CertificateFacts.CommonName(client.Certificate));
        Assert.True(Chains(client.Certificate, test.Trust, FleetCertificateAuthority.ClientAuthOid));
        Assert.False(Chains(client.Certificate, test.Trust, FleetCertificateAuthority.ServerAuthOid));
    }

    [Fact]
    public void A_certificate_never_outlives_its_authority()
    {
        using var test = new TestAuthority();
        using var client = test.Authority.IssueClient("gw-01", CertificateLifetime.FromNow(DateTimeOffset.UtcNow, 3650));
        Assert.Equal(test.Authority.Certificate.NotAfter, client.Certificate.NotAfter);
    }

    [Fact]
    public void Refuses_a_gateway_id_or_host_that_breaks_the_rules()
    {
        using var test = new TestAuthority();
        var lifetime = CertificateLifetime.FromNow(DateTimeOffset.UtcNow, 1);
        Assert.Throws<ArgumentException>(() => test.Authority.IssueClient("GW 01,O=evil", lifetime));
        Assert.Throws<ArgumentException>(() => test.Authority.IssueServer(["bad host!"], lifetime));
        Assert.Throws<ArgumentException>(() => test.Authority.IssueServer([], lifetime));
    }

    [Fact]
    public void Loads_an_authority_from_its_pem_files_and_refuses_a_key_that_is_not_its_own()
    {
        using var test = new TestAuthority();
        using var other = new TestAuthority("other CA");
        using var loaded = FleetCertificateAuthority.Load(test.Authority.Authority.CertificatePem, test.Authority.Authority.KeyPem);
        using var client = loaded.IssueClient("gw-02", CertificateLifetime.FromNow(DateTimeOffset.UtcNow, 1));
        Assert.True(Chains(client.Certificate, test.Trust, FleetCertificateAuthority.ClientAuthOid));
        var wrongKey = Assert.Throws<ArgumentException>(() => FleetCertificateAuthority.Load(test.Authority.Authority.CertificatePem, other.Authority.Authority.KeyPem));
        Assert.Contains("not the CA certificate's key", wrongKey.Message, StringComparison.Ordinal);
        using var server = test.Server();
        Assert.Throws<ArgumentException>(() => FleetCertificateAuthority.Load(server.CertificatePem, server.KeyPem));
    }

    private static bool Chains(X509Certificate2 certificate, X509Certificate2Collection trust, string usage)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trust);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(usage));
        return chain.Build(certificate);
    }
}
