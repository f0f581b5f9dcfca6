using EdgeCompute.Cli.Tests.Support;

namespace EdgeCompute.Cli.Tests.Coordinator;

public sealed class CoordinatorCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_broker_port_in_use_exits_1_naming_listen()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);
        var port = FreePort.Next();
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
        squatter.Start();

        var outcome = await CliRunner.RunAsync("coordinator", "--fleet", fleet, "--data", _folder["data"], "--listen", $"mqtt://127.0.0.1:{port}", "--http", $"http://127.0.0.1:{FreePort.Next()}");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("--listen", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_fleet_exits_78_naming_fleet()
    {
        var outcome = await CliRunner.RunAsync("coordinator", "--fleet", _folder["nowhere"], "--data", _folder["data"]);

        Assert.Equal(78, outcome.ExitCode);
        Assert.Contains("--fleet", outcome.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder["data"]));
    }

    [Fact]
    public async Task An_external_broker_without_a_password_is_a_usage_error_naming_the_option()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);

        var outcome = await CliRunner.RunAsync("coordinator", "--fleet", fleet, "--data", _folder["data"], "--broker", "mqtt://127.0.0.1:1");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--broker-password-file", outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--listen", "--listen", "mqtt://localhost:1883")]
    [InlineData("--http", "--http", "ftp://127.0.0.1:8443")]
    [InlineData("--http https:// needs --tls-cert and --tls-key", "--http", "https://127.0.0.1:8443")]
    [InlineData("--broker", "--broker", "https://broker:8883")]
    [InlineData("--ca needs --broker mqtts:// or --listen mqtts://, not --broker mqtt://broker:1883", "--broker", "mqtt://broker:1883", "--ca", "ca.pem")]
    [InlineData("--ca needs --broker mqtts:// or --listen mqtts://", "--ca", "ca.pem")]
    [InlineData("--listen mqtts:// needs --tls-cert and --tls-key", "--listen", "mqtts://127.0.0.1:8883")]
    [InlineData("--listen mqtts:// needs --tls-cert and --tls-key", "--listen", "mqtts://127.0.0.1:8883", "--tls-cert", "server.pem")]
    [InlineData("--tls-cert and --tls-key need --listen mqtts://", "--tls-cert", "server.pem", "--tls-key", "server-key.pem")]
    [InlineData("--tls-cert and --tls-key need --listen mqtts://", "--broker", "mqtts://broker", "--tls-cert", "server.pem", "--tls-key", "server-key.pem")]
    [InlineData("--epoch-length", "--epoch-length", "soon")]
    [InlineData("--emission", "--emission", "-1")]
    [InlineData("--listen", "--listen", "mqtt://127.0.0.1:1883", "--broker", "mqtt://broker:1883")]
    public async Task A_bad_option_exits_2_naming_it(string option, params string[] args)
    {
        var outcome = await CliRunner.RunAsync(["coordinator", "--fleet", _folder["f"], .. args]);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(option, outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unusable_ca_file_for_the_external_broker_exits_78_in_one_line_naming_ca()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);
        var notACa = _folder["not-a-ca.pem"];
        await File.WriteAllTextAsync(notACa, "hello", TestContext.Current.CancellationToken);

        var outcome = await CliRunner.RunAsync("coordinator", "--fleet", fleet, "--data", _folder["data"], "--broker", "mqtts://127.0.0.1:1", "--ca", notACa);

        Assert.Equal(78, outcome.ExitCode);
        var error = Assert.Single(outcome.Error.Trim().Split('\n'));
        Assert.StartsWith($"error: --ca: {notACa}: ", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder["data"]));
    }

    [Theory]
    [InlineData("--tls-key: {tls}/gateways/gw-01-key.pem: is not the private key of CN=127.0.0.1", "--tls-cert", "{tls}/server.pem", "--tls-key", "{tls}/gateways/gw-01-key.pem")]
    [InlineData("--tls-key: {tls}/nope-key.pem: does not exist", "--tls-cert", "{tls}/server.pem", "--tls-key", "{tls}/nope-key.pem")]
    [InlineData("--tls-cert: {tls}/nope.pem: does not exist", "--tls-cert", "{tls}/nope.pem", "--tls-key", "{tls}/server-key.pem")]
    [InlineData("--ca: {tls}/server.pem: holds CN=127.0.0.1, which is not a CA certificate", "--tls-cert", "{tls}/server.pem", "--tls-key", "{tls}/server-key.pem", "--ca", "{tls}/server.pem")]
    public async Task An_unusable_certificate_file_of_the_tls_listener_exits_78_in_one_line_naming_the_option(string message, params string[] args)
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);
        var tls = _folder["tls"];
        Assert.Equal(0, (await CliRunner.RunAsync("provision", "tls", "--fleet", fleet, "--out", tls)).ExitCode);

        var outcome = await CliRunner.RunAsync(["coordinator", "--fleet", fleet, "--data", _folder["data"], "--listen", $"mqtts://127.0.0.1:{FreePort.Next()}",
            .. args.Select(a => a.Replace("{tls}", tls, StringComparison.Ordinal))]);

        Assert.Equal(78, outcome.ExitCode);
        var error = Assert.Single(outcome.Error.Trim().Split('\n'));
        Assert.StartsWith("error: " + message.Replace("{tls}", tls, StringComparison.Ordinal), error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder["data"]));
    }

    public void Dispose() => _folder.Dispose();
}
