using System.Text.Json;
using EdgeCompute.Cli.Tests.Support;

namespace EdgeCompute.Cli.Tests.Running;

public sealed class GatewayCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Runs_a_gateway_that_carries_simulated_readings_upstream_until_stopped()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder, devices: 3, gateways: 2);
        await using var central = await CentralBrokerStandIn.StartAsync();
        var devicePort = FreePort.Next();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var gateway = CliRunner.RunUntilAsync(
            ["gateway", "--fleet", fleet, "--id", "gw-01", "--broker", central.Url, "--listen", $"mqtt://127.0.0.1:{devicePort}", "--data", _folder["gw-01-data"]],
            environment: null,
            stop.Token);
        await Eventually.TrueAsync(() => central.Published("ec/v1/g/gw-01/birth") > 0 || gateway.IsCompleted, "the gateway's birth on the central broker");
        Assert.False(gateway.IsCompleted, "the gateway stopped on its own");

        var simulation = await CliRunner.RunAsync(
            "simulate", "--fleet", fleet, "--broker", $"mqtt://127.0.0.1:{devicePort}", "--gateway", "gw-01",
            "--rate", "5", "--window", "1", "--duration", "4", "--seed", "7", "--data", _folder["sim-data"], "--json");
        await Eventually.TrueAsync(() => central.Published("ec/v1/g/gw-01/up") > 0, "a batch from the gateway to the central broker");
        await stop.CancelAsync();
        var stopped = await gateway;

        Assert.Equal(0, simulation.ExitCode);
        Assert.Contains("seed 7", simulation.Out, StringComparison.Ordinal);
        using var totals = JsonDocument.Parse(simulation.LastLine);
        var root = totals.RootElement;
        Assert.Equal(7, root.GetProperty("seed").GetInt32());
        Assert.Equal(2, root.GetProperty("devices").GetInt32()); // dev-0001 and dev-0003 belong to gw-01
        Assert.True(root.GetProperty("readingsSent").GetInt64() > 0, simulation.LastLine);
        Assert.Equal(0, root.GetProperty("resultsSent").GetInt64()); // no coordinator, no tasks
        Assert.Equal(0, root.GetProperty("tasksReceived").GetInt64());
        Assert.Equal(0, stopped.ExitCode);
        Assert.Contains("gw-01", stopped.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder["gw-01-data"], "outbox.db")) || Directory.EnumerateFiles(_folder["gw-01-data"]).Any());
    }

    [Fact]
    public async Task An_unknown_gateway_is_a_configuration_error_naming_the_id()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);

        var outcome = await CliRunner.RunAsync("gateway", "--fleet", fleet, "--id", "gw-09", "--broker", "mqtt://127.0.0.1:1");

        Assert.Equal(78, outcome.ExitCode);
        Assert.Contains("--id gw-09", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("gw-01, gw-02", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_fleet_folder_is_a_configuration_error_naming_the_option()
    {
        var outcome = await CliRunner.RunAsync("gateway", "--fleet", _folder["nowhere"], "--id", "gw-01", "--broker", "mqtt://127.0.0.1:1");

        Assert.Equal(78, outcome.ExitCode);
        Assert.Contains("--fleet", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_gateway_file_is_a_configuration_error_naming_the_field()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);
        var file = Path.Combine(fleet, "gateways", "gw-01.json");
        await File.WriteAllTextAsync(file, "{\"gatewayId\": \"gw-01\"}", TestContext.Current.CancellationToken);

        var outcome = await CliRunner.RunAsync("gateway", "--fleet", fleet, "--id", "gw-01", "--broker", "mqtt://127.0.0.1:1");

        Assert.Equal(78, outcome.ExitCode);
        Assert.Contains("privateKey", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_file_whose_api_is_not_an_http_url_exits_78_naming_the_field()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);
        var file = Path.Combine(fleet, "gateways", "gw-01.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken))!;
        json["api"] = "ftp://coordinator.example";
        await File.WriteAllTextAsync(file, json.ToJsonString(), TestContext.Current.CancellationToken);

        var outcome = await CliRunner.RunAsync("gateway", "--fleet", fleet, "--id", "gw-01", "--broker", "mqtt://127.0.0.1:1");

        Assert.Equal(78, outcome.ExitCode);
        Assert.Contains("api", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_port_in_use_fails_with_1_and_names_listen()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);
        var port = FreePort.Next();
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
        squatter.Start();

        var outcome = await CliRunner.RunAsync(
            "gateway", "--fleet", fleet, "--id", "gw-01", "--broker", "mqtt://127.0.0.1:1", "--listen", $"mqtt://127.0.0.1:{port}", "--data", _folder["data"]);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("--listen", outcome.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
