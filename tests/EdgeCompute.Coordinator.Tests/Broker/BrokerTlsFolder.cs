using System.Security.Cryptography.X509Certificates;
using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Protocol.Tls;

namespace EdgeCompute.Coordinator.Tests.Broker;

/// <summary>A <c>provision tls</c> folder made for one test (a fresh CA from a month ago), plus certificates it signs on demand: expired, for other hosts.</summary>
internal sealed class BrokerTlsFolder : IDisposable
{
    public BrokerTlsFolder(IReadOnlyList<string> gatewayIds)
    {
        Folder = Directory.CreateTempSubdirectory("ec-broker-tls-").FullName;
        FleetTlsFolder.Provision(new TlsProvisionRequest { Folder = Folder, GatewayIds = gatewayIds, Hosts = TlsProvisionRequest.DefaultHosts },
            DateTimeOffset.UtcNow.AddDays(-30)); // a CA from a month ago, so it can sign an already expired certificate
    }

    public string Folder { get; }

    public string Ca => Path.Combine(Folder, "ca.pem");

    public string ServerCertificate => Path.Combine(Folder, "server.pem");

    public string ServerKey => Path.Combine(Folder, "server-key.pem");

    /// <summary>The check a client trusting this CA makes of the broker on 127.0.0.1.</summary>
    public ServerCertificateCheck Check(int port) => new("127.0.0.1", port, TlsFiles.ReadTrust(Ca), $"the CA in {Ca}");

    public X509Certificate2 Gateway(string id) =>
        TlsFiles.ReadCertificateWithKey(Path.Combine(Folder, "gateways", id + ".pem"), Path.Combine(Folder, "gateways", id + "-key.pem"));

    /// <summary>The broker's TLS settings with this folder's server certificate (or <paramref name="server"/>) and, when asked, its CA for client certificates.</summary>
    public CentralBrokerTlsOptions Options((string Certificate, string Key)? server = null, bool clientCertificates = true) => new()
    {
        Enabled = true,
        CertificateFile = server?.Certificate ?? ServerCertificate,
        KeyFile = server?.Key ?? ServerKey,
        ClientCaFile = clientCertificates ? Ca : "",
    };

    /// <summary>A server certificate of this CA that expired yesterday.</summary>
    public (string Certificate, string Key) ExpiredServer()
    {
        var now = DateTimeOffset.UtcNow;
        using var ca = Authority();
        using var issued = ca.IssueServer(["127.0.0.1", "localhost"], new CertificateLifetime(now.AddDays(-20), now.AddDays(-1)));
        return Write("expired-server", issued);
    }

    /// <summary>A client certificate of this CA for <paramref name="gatewayId"/> that expired yesterday, with its key.</summary>
    public X509Certificate2 ExpiredGateway(string gatewayId)
    {
        var now = DateTimeOffset.UtcNow;
        using var ca = Authority();
        using var issued = ca.IssueClient(gatewayId, new CertificateLifetime(now.AddDays(-20), now.AddDays(-1)));
        return issued.WithKey();
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
