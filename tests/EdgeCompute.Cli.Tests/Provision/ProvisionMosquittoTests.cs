using EdgeCompute.Cli.Tests.Support;
using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Cli.Tests.Provision;

public sealed class ProvisionMosquittoTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Writes_password_hashes_the_writers_own_check_accepts()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder, devices: 2, gateways: 3);
        var secret = _folder["coordinator-secret"];
        await File.WriteAllTextAsync(secret, "c0ord\n", TestContext.Current.CancellationToken);
        var output = _folder["mosquitto"];

        var outcome = await CliRunner.RunAsync("provision", "mosquitto", "--fleet", fleet, "--out", output, "--coordinator-password-file", secret);

        Assert.Equal(0, outcome.ExitCode);
        var users = Users(Path.Combine(output, "passwd"));
        Assert.True(MosquittoPasswordHash.Verify("c0ord", users["coordinator"]));
        var registry = FleetFiles.ReadCoordinator(Path.Combine(fleet, "coordinator.json"));
        Assert.Equal(3, registry.Gateways.Count);
        foreach (var gateway in registry.Gateways)
        {
            Assert.True(MosquittoPasswordHash.Verify(gateway.BrokerPassword, users[gateway.Id]));
        }

        var acl = await File.ReadAllTextAsync(Path.Combine(output, "acl"), TestContext.Current.CancellationToken);
        Assert.Contains("user gw-03", acl, StringComparison.Ordinal);
        Assert.Contains($"password_file {Path.Combine(output, "passwd")}", outcome.Out, StringComparison.Ordinal);
        Assert.Contains($"acl_file {Path.Combine(output, "acl")}", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("allow_anonymous false", outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Makes_a_coordinator_password_once_and_keeps_it_across_runs()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);
        var output = _folder["mosquitto"];

        var first = await CliRunner.RunAsync("provision", "mosquitto", "--fleet", fleet, "--out", output);
        var kept = await File.ReadAllTextAsync(Path.Combine(output, "coordinator-broker.password"), TestContext.Current.CancellationToken);
        var second = await CliRunner.RunAsync("provision", "mosquitto", "--fleet", fleet, "--out", output);

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Equal(kept, await File.ReadAllTextAsync(Path.Combine(output, "coordinator-broker.password"), TestContext.Current.CancellationToken));
        Assert.True(MosquittoPasswordHash.Verify(kept.TrimEnd('\n'), Users(Path.Combine(output, "passwd"))["coordinator"]));
    }

    [Fact]
    public async Task Takes_the_coordinator_password_from_the_environment()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);
        var output = _folder["mosquitto"];

        var outcome = await CliRunner.RunAsync(
            ["provision", "mosquitto", "--fleet", fleet, "--out", output, "--coordinator-user", "coord-1"],
            new Dictionary<string, string> { ["EDGECOMPUTE_COORDINATOR_BROKER_PASSWORD"] = "from-env" });

        Assert.Equal(0, outcome.ExitCode);
        Assert.True(MosquittoPasswordHash.Verify("from-env", Users(Path.Combine(output, "passwd"))["coord-1"]));
        Assert.False(File.Exists(Path.Combine(output, "coordinator-broker.password")));
    }

    [Fact]
    public async Task A_folder_without_a_registry_is_a_configuration_error()
    {
        var outcome = await CliRunner.RunAsync("provision", "mosquitto", "--fleet", _folder.Path, "--out", _folder["mosquitto"]);

        Assert.Equal(78, outcome.ExitCode);
        Assert.Contains("--fleet", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("coordinator.json", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_tls_prints_a_certificate_listener_for_gateways_and_a_password_listener_for_the_coordinator()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);
        var tls = _folder["tls"];
        Assert.Equal(0, (await CliRunner.RunAsync("provision", "tls", "--fleet", fleet, "--out", tls)).ExitCode);

        var outcome = await CliRunner.RunAsync("provision", "mosquitto", "--fleet", fleet, "--out", _folder["mosquitto"], "--tls", tls, "--tls-port", "18883", "--coordinator-tls-port", "18884");

        Assert.Equal(0, outcome.ExitCode);
        var lines = outcome.Out.Split('\n').Select(l => l.Trim()).ToList();
        var gateways = lines.IndexOf("listener 18883");
        var coordinator = lines.IndexOf("listener 18884");
        Assert.True(gateways > 0 && coordinator > gateways, outcome.Out);
        Assert.Equal(
            [$"cafile {tls}/ca.pem", $"certfile {tls}/server.pem", $"keyfile {tls}/server-key.pem", "tls_version tlsv1.2", "require_certificate true", "use_identity_as_username true"],
            lines[(gateways + 1)..(gateways + 7)]);
        Assert.Equal([$"cafile {tls}/ca.pem", $"certfile {tls}/server.pem", $"keyfile {tls}/server-key.pem", "tls_version tlsv1.2"], lines[(coordinator + 1)..(coordinator + 5)]);
        Assert.DoesNotContain("require_certificate", string.Join('\n', lines[coordinator..]), StringComparison.Ordinal);
        Assert.Contains($"chgrp mosquitto {tls}/server-key.pem && chmod 0640 {tls}/server-key.pem", outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_tls_a_folder_without_certificates_is_a_configuration_error_saying_how_to_make_them()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);

        var outcome = await CliRunner.RunAsync("provision", "mosquitto", "--fleet", fleet, "--out", _folder["mosquitto"], "--tls", _folder["no-tls"]);

        Assert.Equal(78, outcome.ExitCode);
        Assert.Contains("--tls", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("edgecompute provision tls --out", outcome.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private static Dictionary<string, string> Users(string passwordFile) =>
        File.ReadAllLines(passwordFile).Where(l => l.Length > 0).Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1]);
}
