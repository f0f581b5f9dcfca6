using System.Security.Cryptography.X509Certificates;
using EdgeCompute.Cli.Tests.Support;
using EdgeCompute.Protocol.Tls;

namespace EdgeCompute.Cli.Tests.Provision;

public sealed class ProvisionTlsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Writes_a_ca_a_server_certificate_for_this_machine_and_one_client_certificate_per_gateway()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder, devices: 2, gateways: 3);
        var output = _folder["tls"];

        var outcome = await CliRunner.RunAsync("provision", "tls", "--fleet", fleet, "--out", output);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("Made the fleet's CA", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("3 issued (gw-01, gw-02, gw-03), none kept", outcome.Out, StringComparison.Ordinal);
        var trust = TlsFiles.ReadTrust(Path.Combine(output, "ca.pem"));
        using var server = TlsFiles.ReadCertificateWithKey(Path.Combine(output, "server.pem"), Path.Combine(output, "server-key.pem"));
        Assert.True(server.MatchesHostname("127.0.0.1"));
        Assert.True(server.MatchesHostname("localhost"));
        foreach (var id in new[] { "gw-01", "gw-02", "gw-03" })
        {
            using var client = TlsFiles.ReadCertificateWithKey(Path.Combine(output, "gateways", $"{id}.pem"), Path.Combine(output, "gateways", $"{id}-key.pem"));
            Assert.Equal(id, CertificateFacts.CommonName(client));
            Assert.True(Chains(client, trust));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(output, "gateways", $"{id}-key.pem")));
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(output, "server-key.pem")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(output, "ca-key.pem")));
        }
    }

    [Fact]
    public async Task Hosts_become_the_server_certificates_names_and_a_second_run_keeps_the_ca()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder, devices: 2, gateways: 1);
        var output = _folder["tls"];
        Assert.Equal(0, (await CliRunner.RunAsync("provision", "tls", "--fleet", fleet, "--out", output)).ExitCode);
        var ca = await File.ReadAllTextAsync(Path.Combine(output, "ca.pem"), TestContext.Current.CancellationToken);

        var outcome = await CliRunner.RunAsync("provision", "tls", "--fleet", fleet, "--out", output, "--hosts", "gw-01.lan, 192.168.1.20", "--server-name", "gw-01-devices");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("Kept the fleet's CA", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("none issued, 1 kept (gw-01)", outcome.Out, StringComparison.Ordinal);
        Assert.Equal(ca, await File.ReadAllTextAsync(Path.Combine(output, "ca.pem"), TestContext.Current.CancellationToken));
        using var devices = TlsFiles.ReadCertificateWithKey(Path.Combine(output, "gw-01-devices.pem"), Path.Combine(output, "gw-01-devices-key.pem"));
        Assert.Equal("CN=gw-01.lan", devices.Subject);
        Assert.True(devices.MatchesHostname("192.168.1.20"));
        Assert.False(devices.MatchesHostname("127.0.0.1"));
    }

    [Theory]
    [InlineData("--hosts", "bad host!", 2)]
    [InlineData("--hosts", " , ", 2)]
    [InlineData("--server-name", "ca", 2)]
    [InlineData("--days", "0", 2)]
    public async Task A_bad_value_is_a_usage_error_naming_the_option(string option, string value, int exitCode)
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);

        var outcome = await CliRunner.RunAsync("provision", "tls", "--fleet", fleet, "--out", _folder["tls"], option, value);

        Assert.Equal(exitCode, outcome.ExitCode);
        Assert.Contains(option, outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Half_a_ca_in_the_folder_is_a_configuration_error_naming_the_missing_file()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);
        var output = _folder["tls"];
        Assert.Equal(0, (await CliRunner.RunAsync("provision", "tls", "--fleet", fleet, "--out", output)).ExitCode);
        File.Delete(Path.Combine(output, "ca-key.pem"));

        var outcome = await CliRunner.RunAsync("provision", "tls", "--fleet", fleet, "--out", output);

        Assert.Equal(78, outcome.ExitCode);
        Assert.Contains("ca-key.pem: is missing while", outcome.Error, StringComparison.Ordinal);
        Assert.Single(outcome.Error.Trim().Split('\n'));
    }

    private static bool Chains(X509Certificate2 certificate, X509Certificate2Collection trust)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trust);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public void Dispose() => _folder.Dispose();
}
