using System.Security.Cryptography.X509Certificates;
using EdgeCompute.Protocol.Tls;

namespace EdgeCompute.Gateway.Tests.Support;

/// <summary>A <c>provision tls</c> folder made for one test (a fresh CA), plus certificates it signs on demand: expired, for other hosts.</summary>
internal sealed class TlsFolder : IDisposable
{
    public TlsFolder(IReadOnlyList<string>? gatewayIds = null, IReadOnlyList<string>? hosts = null)
    {
        Folder = Directory.CreateTempSubdirectory("ec-tls-").FullName;
        FleetTlsFolder.Provision(new TlsProvisionRequest { Folder = Folder, GatewayIds = gatewayIds ?? [], Hosts = hosts ?? TlsProvisionRequest.DefaultHosts },
            DateTimeOffset.UtcNow.AddDays(-30)); // a CA from a month ago, so it can sign an already expired certificate
    }

    public string Folder { get; }

    public string Ca => Path.Combine(Folder, "ca.pem");

    public string ServerCertificate => Path.Combine(Folder, "server.pem");

    public string ServerKey => Path.Combine(Folder, "server-key.pem");

    public X509Certificate2Collection Trust => TlsFiles.ReadTrust(Ca);

    public string GatewayCertificate(string id) => Path.Combine(Folder, "gateways", id + ".pem");

    public string GatewayKey(string id) => Path.Combine(Folder, "gateways", id + "-key.pem");

    /// <summary>A server certificate of this CA that expired yesterday.</summary>
    public (string Certificate, string Key) ExpiredServer()
    {
        var now = DateTimeOffset.UtcNow;
        using var ca = Authority();
        using var issued = ca.IssueServer(["127.0.0.1", "localhost"], new CertificateLifetime(now.AddDays(-20), now.AddDays(-1)));
        return Write("expired", issued);
    }

    /// <summary>A server certificate of this CA for other hosts only.</summary>
    public (string Certificate, string Key) ServerFor(string name, params string[] hosts)
    {
        using var ca = Authority();
        using var issued = ca.IssueServer(hosts, CertificateLifetime.FromNow(DateTimeOffset.UtcNow, 10));
        return Write(name, issued);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }
    }

    private FleetCertificateAuthority Authority() => FleetCertificateAuthority.Load(File.ReadAllText(Ca), File.ReadAllText(Path.Combine(Folder, "ca-key.pem")));

    private (string Certificate, string Key) Write(string name, IssuedCertificate issued)
    {
        var certificate = Path.Combine(Folder, name + ".pem");
        var key = Path.Combine(Folder, name + "-key.pem");
        TlsFiles.WriteCertificate(certificate, issued.Certificate);
        TlsFiles.WriteKey(key, issued.Key);
        return (certificate, key);
    }
}
