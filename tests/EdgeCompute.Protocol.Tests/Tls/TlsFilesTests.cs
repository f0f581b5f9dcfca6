using EdgeCompute.Protocol.Tls;

namespace EdgeCompute.Protocol.Tests.Tls;

public sealed class TlsFilesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ec-tls-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Provisions_a_ca_a_server_certificate_and_one_client_certificate_per_gateway_with_owner_only_keys()
    {
        var result = FleetTlsFolder.Provision(new TlsProvisionRequest { Folder = _folder, GatewayIds = ["gw-02", "gw-01"] }, DateTimeOffset.UtcNow);

        Assert.True(result.AuthorityCreated);
        Assert.Equal(["gw-01", "gw-02"], result.GatewaysIssued);
        string[] keys = ["ca-key.pem", "server-key.pem", "gateways/gw-01-key.pem", "gateways/gw-02-key.pem"];
        string[] certificates = ["ca.pem", "server.pem", "gateways/gw-01.pem", "gateways/gw-02.pem"];
        if (!OperatingSystem.IsWindows())
        {
            foreach (var key in keys)
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, key)));
            }

            foreach (var certificate in certificates)
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(Path.Combine(_folder, certificate)));
            }
        }

        var trust = TlsFiles.ReadTrust(Path.Combine(_folder, "ca.pem"));
        using var server = TlsFiles.ReadCertificateWithKey(Path.Combine(_folder, "server.pem"), Path.Combine(_folder, "server-key.pem"));
        Assert.True(server.HasPrivateKey);
        Assert.True(server.MatchesHostname("127.0.0.1"));
        Assert.True(server.MatchesHostname("localhost"));
        using var gateway = TlsFiles.ReadCertificateWithKey(Path.Combine(_folder, "gateways/gw-02.pem"), Path.Combine(_folder, "gateways/gw-02-key.pem"));
        Assert.Equal("gw-02", CertificateFacts.CommonName(gateway));
        Assert.Equal(trust[0].Subject, gateway.Issuer);
    }

    [Fact]
    public void Run_again_it_keeps_the_ca_and_the_gateway_certificates_and_issues_what_is_asked()
    {
        var first = DateTimeOffset.UtcNow;
        FleetTlsFolder.Provision(new TlsProvisionRequest { Folder = _folder, GatewayIds = ["gw-01"] }, first);
        var ca = File.ReadAllText(Path.Combine(_folder, "ca.pem"));
        var gateway = File.ReadAllText(Path.Combine(_folder, "gateways/gw-01.pem"));

        var again = FleetTlsFolder.Provision(
            new TlsProvisionRequest { Folder = _folder, GatewayIds = ["gw-01", "gw-03"], Hosts = ["gw-01.lan", "192.168.1.20"], ServerName = "gw-01-devices" }, first.AddMinutes(1));

        Assert.False(again.AuthorityCreated);
        Assert.Equal(ca, File.ReadAllText(Path.Combine(_folder, "ca.pem")));
        Assert.Equal(gateway, File.ReadAllText(Path.Combine(_folder, "gateways/gw-01.pem")));
        Assert.Equal(["gw-03"], again.GatewaysIssued);
        Assert.Equal(["gw-01"], again.GatewaysKept);
        using var devices = TlsFiles.ReadCertificateWithKey(again.ServerCertificate, again.ServerKey);
        Assert.True(devices.MatchesHostname("192.168.1.20"));
        Assert.Equal(TlsFiles.ReadTrust(Path.Combine(_folder, "ca.pem"))[0].Subject, devices.Issuer);

        var renewed = FleetTlsFolder.Provision(new TlsProvisionRequest { Folder = _folder, GatewayIds = ["gw-01"], RenewGateways = true }, first.AddMinutes(2));
        Assert.Equal(["gw-01"], renewed.GatewaysIssued);
        Assert.NotEqual(gateway, File.ReadAllText(Path.Combine(_folder, "gateways/gw-01.pem")));
    }

    [Fact]
    public void Refuses_half_a_ca()
    {
        FleetTlsFolder.Provision(new TlsProvisionRequest { Folder = _folder }, DateTimeOffset.UtcNow);
        File.Delete(Path.Combine(_folder, "ca-key.pem"));
        var e = Assert.Throws<TlsFileException>(() => FleetTlsFolder.Provision(new TlsProvisionRequest { Folder = _folder }, DateTimeOffset.UtcNow));
        Assert.EndsWith("ca-key.pem", e.FilePath, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_a_wrong_file_names_the_file_and_what_it_holds()
    {
        FleetTlsFolder.Provision(new TlsProvisionRequest { Folder = _folder, GatewayIds = ["gw-01", "gw-02"] }, DateTimeOffset.UtcNow);
        string F(string name) => Path.Combine(_folder, name);

        var missing = Assert.Throws<TlsFileException>(() => TlsFiles.ReadTrust(F("nope.pem")));
        Assert.Equal($"{F("nope.pem")}: does not exist", missing.Message);

        var server = Assert.Throws<TlsFileException>(() => TlsFiles.ReadTrust(F("server.pem")));
        Assert.Contains("is not a CA certificate; give the fleet's ca.pem", server.Message, StringComparison.Ordinal);

        File.WriteAllText(F("junk.pem"), "hello");
        Assert.Contains("holds no PEM certificate", Assert.Throws<TlsFileException>(() => TlsFiles.ReadTrust(F("junk.pem"))).Message, StringComparison.Ordinal);

        var wrongKey = Assert.Throws<TlsFileException>(() => TlsFiles.ReadCertificateWithKey(F("gateways/gw-01.pem"), F("gateways/gw-02-key.pem")));
        Assert.Equal(F("gateways/gw-02-key.pem"), wrongKey.FilePath);
        Assert.Contains("is not the private key of CN=gw-01", wrongKey.Message, StringComparison.Ordinal);

        var ca = Assert.Throws<TlsFileException>(() => TlsFiles.ReadCertificateWithKey(F("ca.pem"), F("ca-key.pem")));
        Assert.Contains("holds the CA certificate", ca.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ca.Message);
    }
}
