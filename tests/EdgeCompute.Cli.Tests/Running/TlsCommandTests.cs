using System.Text.Json;
using EdgeCompute.Cli.Tests.Support;

namespace EdgeCompute.Cli.Tests.Running;

/// <summary>
/// <c>gateway</c> and <c>simulate</c> with TLS, on certificates from <c>provision tls</c>: simulated devices reach the
/// gateway's TLS device broker and their readings go upstream; a wrong CA or a plain client stops <c>simulate</c> at
/// once with one line; TLS options out of place are usage errors, unusable files configuration errors naming the option.
/// </summary>
public sealed class TlsCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Simulated_devices_reach_the_gateways_tls_device_broker_and_their_readings_go_upstream()
    {
        var (fleet, tls) = await ProvisionAsync();
        await using var central = await CentralBrokerStandIn.StartAsync();
        var devicePort = FreePort.Next();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var gateway = CliRunner.RunUntilAsync(
            ["gateway", "--fleet", fleet, "--id", "gw-01", "--broker", central.Url, "--listen", $"mqtts://127.0.0.1:{devicePort}",
             "--tls-cert", Path.Combine(tls, "server.pem"), "--tls-key", Path.Combine(tls, "server-key.pem"), "--data", _folder["gw-01-data"]],
            environment: null,
            stop.Token);
        await Eventually.TrueAsync(() => central.Published("ec/v1/g/gw-01/birth") > 0 || gateway.IsCompleted, "the gateway's birth on the central broker");
        Assert.False(gateway.IsCompleted, "the gateway stopped on its own");

        var simulation = await CliRunner.RunAsync(
            "simulate", "--fleet", fleet, "--broker", $"mqtts://127.0.0.1:{devicePort}", "--ca", Path.Combine(tls, "ca.pem"), "--gateway", "gw-01",
            "--rate", "5", "--window", "1", "--duration", "3", "--seed", "9", "--json");
        await Eventually.TrueAsync(() => central.Published("ec/v1/g/gw-01/up") > 0, "a batch from the gateway to the central broker");
        await stop.CancelAsync();
        var stopped = await gateway;

        Assert.Equal(0, simulation.ExitCode);
        using var totals = JsonDocument.Parse(simulation.LastLine);
        Assert.True(totals.RootElement.GetProperty("readingsSent").GetInt64() > 0, simulation.LastLine);
        Assert.Equal(0, stopped.ExitCode);
        Assert.Contains($"devices connect to mqtts://127.0.0.1:{devicePort}", stopped.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_trusting_another_ca_stops_at_once_with_one_line_naming_the_cause()
    {
        var (fleet, tls) = await ProvisionAsync();
        var otherFleet = await ProvisionTlsAsync(fleet, "other-tls");
        await using var _ = await StartGatewayAsync(fleet, tls, out var devicePort);

        var outcome = await CliRunner.RunAsync(
            "simulate", "--fleet", fleet, "--broker", $"mqtts://127.0.0.1:{devicePort}", "--ca", Path.Combine(otherFleet, "ca.pem"), "--gateway", "gw-01", "--seed", "1");

        Assert.Equal(1, outcome.ExitCode);
        var error = ErrorLine(outcome);
        Assert.StartsWith($"error: --broker mqtts://127.0.0.1:{devicePort}: no device could connect: TLS: the certificate of 127.0.0.1:{devicePort}", error, StringComparison.Ordinal);
        Assert.Contains($"is not signed by the CA in {Path.Combine(otherFleet, "ca.pem")}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_with_plain_mqtt_on_the_tls_port_stops_at_once_saying_to_use_mqtts()
    {
        var (fleet, tls) = await ProvisionAsync();
        await using var _ = await StartGatewayAsync(fleet, tls, out var devicePort);

        var outcome = await CliRunner.RunAsync("simulate", "--fleet", fleet, "--broker", $"mqtt://127.0.0.1:{devicePort}", "--gateway", "gw-01", "--seed", "1");

        Assert.Equal(1, outcome.ExitCode);
        var error = ErrorLine(outcome);
        Assert.Equal($"error: --broker mqtt://127.0.0.1:{devicePort}: no device could connect: 127.0.0.1:{devicePort} closed the connection without answering CONNECT: a TLS port? connect with mqtts:// and --ca", error);
    }

    [Theory]
    [InlineData("--ca needs --broker mqtts://", "simulate", "--broker", "mqtt://127.0.0.1:1884", "--ca", "{tls}/ca.pem")]
    [InlineData("--ca, --client-cert and --client-key need --broker mqtts://", "gateway", "--id", "gw-01", "--broker", "mqtt://127.0.0.1:1883", "--ca", "{tls}/ca.pem")]
    [InlineData("--listen mqtts:// needs --tls-cert and --tls-key", "gateway", "--id", "gw-01", "--broker", "mqtt://127.0.0.1:1883", "--listen", "mqtts://127.0.0.1:8884")]
    [InlineData("--tls-cert and --tls-key need --listen mqtts://", "gateway", "--id", "gw-01", "--broker", "mqtt://127.0.0.1:1883", "--tls-cert", "{tls}/server.pem", "--tls-key", "{tls}/server-key.pem")]
    [InlineData("--client-cert and --client-key go together", "gateway", "--id", "gw-01", "--broker", "mqtts://127.0.0.1:8883", "--client-cert", "{tls}/gateways/gw-01.pem")]
    public async Task Tls_options_out_of_place_are_usage_errors(string message, string command, params string[] args)
    {
        var (fleet, tls) = await ProvisionAsync();

        var outcome = await CliRunner.RunAsync([command, "--fleet", fleet, .. args.Select(a => a.Replace("{tls}", tls, StringComparison.Ordinal))]);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(message, outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--client-cert: {tls}/gateways/gw-02.pem is the certificate of CN=gw-02, not of gateway gw-01", "gateway", "--id", "gw-01", "--broker", "mqtts://127.0.0.1:8883", "--client-cert", "{tls}/gateways/gw-02.pem", "--client-key", "{tls}/gateways/gw-02-key.pem")]
    [InlineData("--client-key: {tls}/gateways/gw-02-key.pem: is not the private key of CN=gw-01", "gateway", "--id", "gw-01", "--broker", "mqtts://127.0.0.1:8883", "--client-cert", "{tls}/gateways/gw-01.pem", "--client-key", "{tls}/gateways/gw-02-key.pem")]
    [InlineData("--ca: {tls}/server.pem: holds CN=127.0.0.1, which is not a CA certificate; give the fleet's ca.pem", "simulate", "--broker", "mqtts://127.0.0.1:8884", "--ca", "{tls}/server.pem")]
    [InlineData("--ca: {tls}/nope.pem: does not exist", "gateway", "--id", "gw-01", "--broker", "mqtts://127.0.0.1:8883", "--ca", "{tls}/nope.pem")]
    [InlineData("--tls-key: {tls}/ca-key.pem: is not the private key of CN=127.0.0.1", "gateway", "--id", "gw-01", "--broker", "mqtt://127.0.0.1:1883", "--listen", "mqtts://127.0.0.1:8884", "--tls-cert", "{tls}/server.pem", "--tls-key", "{tls}/ca-key.pem")]
    public async Task An_unusable_certificate_file_is_a_configuration_error_naming_the_option(string message, string command, params string[] args)
    {
        var (fleet, tls) = await ProvisionAsync();

        var outcome = await CliRunner.RunAsync([command, "--fleet", fleet, .. args.Select(a => a.Replace("{tls}", tls, StringComparison.Ordinal))]);

        Assert.Equal(78, outcome.ExitCode);
        var error = Assert.Single(outcome.Error.Trim().Split('\n'));
        Assert.StartsWith("error: " + message.Replace("{tls}", tls, StringComparison.Ordinal), error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>The one error line (a "no device reached it yet" warning may come before it on a slow machine, never another error).</summary>
    private static string ErrorLine(CliOutcome outcome)
    {
        var lines = outcome.Error.Trim().Split('\n');
        Assert.Equal(lines[^1], Assert.Single(lines, l => l.StartsWith("error:", StringComparison.Ordinal)));
        return lines[^1];
    }

    private async Task<(string Fleet, string Tls)> ProvisionAsync()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder, devices: 2, gateways: 2);
        return (fleet, await ProvisionTlsAsync(fleet, "tls"));
    }

    private async Task<string> ProvisionTlsAsync(string fleet, string name)
    {
        var tls = _folder[name];
        var outcome = await CliRunner.RunAsync("provision", "tls", "--fleet", fleet, "--out", tls);
        Assert.Equal(0, outcome.ExitCode);
        return tls;
    }

    /// <summary>Gateway gw-01 with its device broker on TLS (its uplink to a port nobody listens on); stopped on disposal.</summary>
    private Task<RunningCommand> StartGatewayAsync(string fleet, string tls, out int devicePort)
    {
        devicePort = FreePort.Next();
        var port = devicePort;
        var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = CliRunner.RunUntilAsync(
            ["gateway", "--fleet", fleet, "--id", "gw-01", "--broker", $"mqtt://127.0.0.1:{FreePort.Next()}", "--listen", $"mqtts://127.0.0.1:{port}",
             "--tls-cert", Path.Combine(tls, "server.pem"), "--tls-key", Path.Combine(tls, "server-key.pem"), "--data", _folder["gw-01-data"]],
            environment: null,
            stop.Token);
        return RunningCommand.StartedAsync(run, stop, port);
    }
}
