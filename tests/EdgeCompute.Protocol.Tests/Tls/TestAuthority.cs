using System.Security.Cryptography.X509Certificates;
using EdgeCompute.Protocol.Tls;

namespace EdgeCompute.Protocol.Tests.Tls;

/// <summary>A fleet CA made for one test, valid from 30 days ago for 60 days, and certificates it signs.</summary>
internal sealed class TestAuthority : IDisposable
{
    public TestAuthority(string name = "test fleet CA")
    {
        var now = DateTimeOffset.UtcNow;
        Authority = FleetCertificateAuthority.Create(name, new CertificateLifetime(now.AddDays(-30), now.AddDays(30)));
    }

    public FleetCertificateAuthority Authority { get; }

    public X509Certificate2Collection Trust => [Authority.Certificate];

    public IssuedCertificate Server(params string[] hosts) => Authority.IssueServer(hosts.Length == 0 ? ["127.0.0.1", "localhost"] : hosts, CertificateLifetime.FromNow(DateTimeOffset.UtcNow, 10));

    public IssuedCertificate ExpiredServer()
    {
        var now = DateTimeOffset.UtcNow;
        return Authority.IssueServer(["127.0.0.1"], new CertificateLifetime(now.AddDays(-20), now.AddDays(-10)));
    }

    public IssuedCertificate Client(string gatewayId) => Authority.IssueClient(gatewayId, CertificateLifetime.FromNow(DateTimeOffset.UtcNow, 10));

    public IssuedCertificate ExpiredClient(string gatewayId)
    {
        var now = DateTimeOffset.UtcNow;
        return Authority.IssueClient(gatewayId, new CertificateLifetime(now.AddDays(-20), now.AddDays(-1)));
    }

    public void Dispose() => Authority.Dispose();
}
