using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using EdgeCompute.Integration.Tests.Harness;

namespace EdgeCompute.Integration.Tests.Errors;

/// <summary>
/// Every place a user can land on a broken day, driven through the real processes (the built <c>edgecompute</c>, and the
/// gateway service as systemd runs it): one line naming the problem and the fix, the documented exit code (2 bad usage,
/// 78 bad configuration, 1 runtime failure), no stack trace; and a broker that cannot be reached at start is said so
/// while the process keeps trying.
/// </summary>
[Collection(FaultTestCollection.Name)]
public sealed class OneLineErrorTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(90);
    private readonly WorkFolder _work = new();

    [Fact]
    public async Task A_device_port_in_use_is_one_line_naming_listen_with_exit_1()
    {
        var fleet = await ProvisionAsync();
        using var squatter = Squat(out var port);

        await using var gateway = await RunAsync("gateway", ["gateway", "--fleet", fleet, "--id", "gw-01", "--broker", $"mqtt://127.0.0.1:{FreePort.Next()}",
            "--listen", $"mqtt://127.0.0.1:{port}", "--data", _work["gw-01"]]);

        OneLineError.Assert(gateway, 1, $"--listen mqtt://127.0.0.1:{port}", "in use");
        Assert.DoesNotContain(gateway.Error, l => l.Contains("crit:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_gateway_service_names_the_device_port_setting_when_the_port_is_in_use()
    {
        var fleet = await ProvisionAsync();
        using var squatter = Squat(out var port);

        await using var service = await RunServiceAsync(_work["service"], ServiceEnvironment(fleet, ("GatewayOptions__DeviceBroker__Port", $"{port}")));

        Assert.Equal(1, service.ExitCode);
        Assert.Contains(service.Out.Concat(service.Error), l => l.Contains("Gateway could not start: GatewayOptions:DeviceBroker", StringComparison.Ordinal));
        OneLineError.AssertNoStackTrace(service);
    }

    [Fact]
    public async Task The_central_broker_port_in_use_is_one_line_naming_listen_with_exit_1()
    {
        var fleet = await ProvisionAsync();
        using var squatter = Squat(out var port);

        await using var coordinator = await RunAsync("coordinator", ["coordinator", "--fleet", fleet, "--data", _work["data"], "--listen", $"mqtt://127.0.0.1:{port}",
            "--http", $"http://127.0.0.1:{FreePort.Next()}"]);

        OneLineError.Assert(coordinator, 1, $"--listen mqtt://127.0.0.1:{port}");
    }

    [Fact]
    public async Task The_http_port_in_use_is_one_line_naming_http_with_exit_1()
    {
        var fleet = await ProvisionAsync();
        using var squatter = Squat(out var port);

        await using var coordinator = await RunAsync("coordinator", ["coordinator", "--fleet", fleet, "--data", _work["data"], "--listen", $"mqtt://127.0.0.1:{FreePort.Next()}",
            "--http", $"http://127.0.0.1:{port}"]);

        OneLineError.Assert(coordinator, 1, $"--http http://127.0.0.1:{port}");
    }

    [Fact]
    public async Task A_setting_in_the_environment_that_does_not_parse_names_the_variable_with_exit_78()
    {
        var fleet = await ProvisionAsync();

        await using var gateway = await RunAsync("gateway", ["gateway", "--fleet", fleet, "--id", "gw-01", "--broker", $"mqtt://127.0.0.1:{FreePort.Next()}",
            "--listen", $"mqtt://127.0.0.1:{FreePort.Next()}", "--data", _work["gw-01"]], new Dictionary<string, string?> { ["EDGECOMPUTE_GatewayOptions__Batching__MaxAge"] = "abc" });

        OneLineError.Assert(gateway, 78, "GatewayOptions:Batching:MaxAge", "\"abc\"", "EDGECOMPUTE_GatewayOptions__Batching__MaxAge", "00:00:05");
    }

    [Theory]
    [InlineData("environment")]
    [InlineData("appsettings")]
    public async Task The_gateway_service_names_a_setting_that_does_not_parse_with_exit_78(string where)
    {
        var fleet = await ProvisionAsync();
        var folder = _work["service"];
        Directory.CreateDirectory(folder);
        var environment = ServiceEnvironment(fleet);
        if (where == "environment")
        {
            environment["EDGECOMPUTE_GatewayOptions__Batching__MaxAge"] = "abc";
        }
        else
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), """{ "GatewayOptions": { "Batching": { "MaxAge": "abc" } } }""", TestContext.Current.CancellationToken);
        }

        await using var service = await RunServiceAsync(folder, environment);

        Assert.Equal(78, service.ExitCode);
        Assert.Contains(service.Out.Concat(service.Error), l => l.Contains("GatewayOptions:Batching:MaxAge: \"abc\" is not a time span", StringComparison.Ordinal));
        OneLineError.AssertNoStackTrace(service);
    }

    [Theory]
    [InlineData("--devices", "\"abc\" is not a whole number", "--devices", "abc")]
    [InlineData("--rate", "\"2x\" is not a number", "--rate", "2x")]
    [InlineData("--broker", "has port 99999; a port is 1 to 65535", "--broker", "mqtt://127.0.0.1:99999")]
    public async Task A_flag_that_does_not_parse_is_one_line_without_a_type_name_with_exit_2(string option, string problem, string flag, string value)
    {
        var fleet = await ProvisionAsync();
        string[] args = flag == "--broker" ? ["simulate", "--fleet", fleet, flag, value] : ["simulate", "--fleet", fleet, "--broker", "mqtt://127.0.0.1:1884", flag, value];

        await using var simulate = await RunAsync("simulate", args);

        var line = OneLineError.Assert(simulate, 2, option, problem);
        Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_central_broker_that_cannot_be_reached_is_said_while_the_gateway_keeps_trying()
    {
        var fleet = await ProvisionAsync();
        var dead = FreePort.Next();
        await using var gateway = EdgeComputeProcess.Start("gateway", ["gateway", "--fleet", fleet, "--id", "gw-01", "--broker", $"mqtt://127.0.0.1:{dead}",
            "--listen", $"mqtt://127.0.0.1:{FreePort.Next()}", "--data", _work["gw-01"]], new Dictionary<string, string?>
            {
                ["EDGECOMPUTE_GatewayOptions__Uplink__BackoffInitial"] = "00:00:00.200",
                ["EDGECOMPUTE_GatewayOptions__Uplink__BackoffMax"] = "00:00:01",
            });

        await Poll.UntilAsync(() => gateway.HasExited || gateway.CountErrorLines("unreachable after 3 attempts") > 0, "the gateway saying the central broker is unreachable",
            TimeSpan.FromSeconds(60), () => gateway.Tail(10));

        Assert.False(gateway.HasExited, gateway.Tail());
        var warning = Assert.Single(gateway.Error, l => l.Contains("unreachable after 3 attempts", StringComparison.Ordinal));
        Assert.Contains($"127.0.0.1:{dead}", warning, StringComparison.Ordinal);
        Assert.Contains("--broker", warning, StringComparison.Ordinal);
        Assert.Matches(@"next in \d+\.\d s\.", warning); // seconds, not 00:00:00.6108086
        Assert.Contains(gateway.Error, l => Regex.IsMatch(l, @"Central broker unreachable; attempt \d+ again in \d+\.\d s$"));
        Assert.DoesNotContain(gateway.Error, l => Regex.IsMatch(l, @"\d\d:\d\d:\d\d\.\d{7}"));
        gateway.Terminate();
        Assert.Equal(0, await gateway.WaitForExitAsync(ExitTimeout));
        OneLineError.AssertNoStackTrace(gateway);
    }

    [Fact]
    public async Task Simulate_against_a_dead_port_without_a_duration_says_so_and_keeps_trying()
    {
        var fleet = await ProvisionAsync();
        var dead = FreePort.Next();
        await using var simulate = EdgeComputeProcess.Start("simulate", ["simulate", "--fleet", fleet, "--broker", $"mqtt://127.0.0.1:{dead}"]);

        await Poll.UntilAsync(() => simulate.HasExited || simulate.CountErrorLines("no device has reached") > 0, "simulate saying no device reached the broker",
            TimeSpan.FromSeconds(60), () => simulate.Tail(10));

        Assert.False(simulate.HasExited, simulate.Tail());
        Assert.Contains(simulate.Error, l => l.StartsWith("warning: ", StringComparison.Ordinal) && l.Contains($"mqtt://127.0.0.1:{dead} (--broker)", StringComparison.Ordinal)
            && l.Contains("still trying", StringComparison.Ordinal));
        simulate.Terminate();
        OneLineError.Assert(await ExitedAsync(simulate), 1, $"mqtt://127.0.0.1:{dead}", "--broker");
    }

    [Theory]
    [InlineData("gateway")]
    [InlineData("coordinator")]
    public async Task A_data_folder_that_cannot_be_made_is_one_line_naming_data_with_exit_78(string command)
    {
        var fleet = await ProvisionAsync();
        var file = _work["a-file"];
        await File.WriteAllTextAsync(file, "not a folder", TestContext.Current.CancellationToken);
        var data = Path.Combine(file, "data");

        await using var process = await RunAsync(command, Args(command, fleet, data));

        OneLineError.Assert(process, 78, $"--data", data);
    }

    [Theory]
    [InlineData("gateway")]
    [InlineData("coordinator")]
    public async Task A_data_folder_that_cannot_be_written_is_one_line_naming_data_with_exit_78(string command)
    {
        // /sys refuses mkdir to every user, root included: the one unwritable place a test running as root can count on.
        var data = "/sys/edgecompute-test-data";
        Assert.False(Directory.Exists(data));
        var fleet = await ProvisionAsync();

        await using var process = await RunAsync(command, Args(command, fleet, data));

        OneLineError.Assert(process, 78, "--data", data);
    }

    public void Dispose() => _work.Dispose();

    private string[] Args(string command, string fleet, string data) => command == "gateway"
        ? ["gateway", "--fleet", fleet, "--id", "gw-01", "--broker", $"mqtt://127.0.0.1:{FreePort.Next()}", "--listen", $"mqtt://127.0.0.1:{FreePort.Next()}", "--data", data]
        : ["coordinator", "--fleet", fleet, "--data", data, "--listen", $"mqtt://127.0.0.1:{FreePort.Next()}", "--http", $"http://127.0.0.1:{FreePort.Next()}"];

    private async Task<string> ProvisionAsync()
    {
        var fleet = _work["fleet"];
        await using var provision = EdgeComputeProcess.Start("provision fleet", ["provision", "fleet", "--devices", "2", "--gateways", "1", "--owners", "2", "--out", fleet]);
        Assert.True(await provision.WaitForExitAsync(ExitTimeout) == 0, provision.Tail());
        return fleet;
    }

    private Dictionary<string, string?> ServiceEnvironment(string fleet, params (string Key, string Value)[] settings)
    {
        var environment = new Dictionary<string, string?>
        {
            ["EDGECOMPUTE_GatewayOptions__GatewayFile"] = Path.Combine(fleet, "gateways", "gw-01.json"),
            ["EDGECOMPUTE_GatewayOptions__DataFolder"] = _work["service-data"],
            ["EDGECOMPUTE_GatewayOptions__DeviceBroker__Port"] = $"{FreePort.Next()}",
            ["EDGECOMPUTE_GatewayOptions__Uplink__BrokerUrl"] = $"mqtt://127.0.0.1:{FreePort.Next()}",
        };
        foreach (var (key, value) in settings)
        {
            environment["EDGECOMPUTE_" + key] = value;
        }

        return environment;
    }

    private static async Task<EdgeComputeProcess> RunAsync(string name, string[] args, IReadOnlyDictionary<string, string?>? environment = null) =>
        await ExitedAsync(EdgeComputeProcess.Start(name, args, environment));

    private static async Task<EdgeComputeProcess> RunServiceAsync(string folder, IReadOnlyDictionary<string, string?> environment)
    {
        Directory.CreateDirectory(folder);
        return await ExitedAsync(EdgeComputeProcess.StartGatewayService("edgecompute-gateway", folder, environment));
    }

    private static async Task<EdgeComputeProcess> ExitedAsync(EdgeComputeProcess process)
    {
        await process.WaitForExitAsync(ExitTimeout);
        return process;
    }

    private static TcpListener Squat(out int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return listener;
    }
}
