using EdgeCompute.Cli.Tests.Support;

namespace EdgeCompute.Cli.Tests.Coordinator;

/// <summary>
/// <c>edgecompute coordinator</c> with TLS on both its listeners (<c>--listen mqtts://</c> with client certificates required,
/// <c>--http https://</c>), certificates from <c>provision tls</c>: the API's commands reach it with <c>--api https:// --ca</c>;
/// without the fleet CA, or with another fleet's, they are refused in one line; a gateway logs in over TLS with its own
/// client certificate.
/// </summary>
public sealed class CoordinatorTlsTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private Task<CliOutcome>? _coordinator;
    private string _fleet = "";
    private string _tls = "";
    private string _api = "";
    private string _broker = "";

    public async ValueTask InitializeAsync()
    {
        _fleet = await TestFleet.ProvisionAsync(_folder, devices: 2, gateways: 2);
        _tls = _folder["tls"];
        Assert.Equal(0, (await CliRunner.RunAsync("provision", "tls", "--fleet", _fleet, "--out", _tls)).ExitCode);
        var http = FreePort.Next();
        _api = $"https://127.0.0.1:{http}";
        _broker = $"mqtts://127.0.0.1:{FreePort.Next()}";
        _coordinator = CliRunner.RunUntilAsync(
            ["coordinator", "--fleet", _fleet, "--data", _folder["data"], "--listen", _broker, "--http", _api, "--tls-cert", Path.Combine(_tls, "server.pem"),
             "--tls-key", Path.Combine(_tls, "server-key.pem"), "--ca", Ca, "--epoch-length", "1h"],
            environment: null, _stop.Token);
        var up = false;
        await Eventually.TrueAsync(() => up || _coordinator.IsCompleted, "the coordinator's API", step: () =>
            up = CliRunner.RunAsync("jobs", "--api", _api, "--ca", Ca).ContinueWith(t => t.IsCompletedSuccessfully && t.Result.ExitCode == 0, TaskScheduler.Default).Result);
        Assert.False(_coordinator.IsCompleted, $"the coordinator stopped on its own: {(_coordinator.IsCompleted ? _coordinator.Result.Error : "")}");
    }

    private string Ca => Path.Combine(_tls, "ca.pem");

    [Fact]
    public async Task Api_commands_reach_the_https_api_trusting_the_fleet_ca()
    {
        var nodes = await CliRunner.RunAsync("nodes", "--api", _api, "--ca", Ca);
        var epochs = await CliRunner.RunAsync("epochs", "--api", _api, "--ca", Ca);

        Assert.True(nodes.ExitCode == 0, nodes.Error);
        Assert.True(epochs.ExitCode == 0, epochs.Error);
    }

    [Fact]
    public async Task Without_ca_an_api_command_is_refused_in_one_line_saying_to_give_ca()
    {
        var outcome = await CliRunner.RunAsync("jobs", "--api", _api);

        Assert.Equal(1, outcome.ExitCode);
        var error = Assert.Single(outcome.Error.Trim().Split('\n'));
        Assert.StartsWith($"error: --api {_api}: TLS: the certificate of 127.0.0.1:", error, StringComparison.Ordinal);
        Assert.Contains("is not signed by the system's trusted roots", error, StringComparison.Ordinal);
        Assert.EndsWith("give --ca FILE (the fleet's ca.pem) for a coordinator with a certificate from 'provision tls'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_another_fleets_ca_an_api_command_is_refused_in_one_line_naming_that_ca()
    {
        var other = _folder["other-tls"];
        Assert.Equal(0, (await CliRunner.RunAsync("provision", "tls", "--fleet", _fleet, "--out", other)).ExitCode);

        var outcome = await CliRunner.RunAsync("jobs", "--api", _api, "--ca", Path.Combine(other, "ca.pem"));

        Assert.Equal(1, outcome.ExitCode);
        var error = Assert.Single(outcome.Error.Trim().Split('\n'));
        Assert.Contains($"is not signed by the CA in {Path.Combine(other, "ca.pem")}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ca_with_a_plain_http_api_is_a_usage_error()
    {
        var outcome = await CliRunner.RunAsync("jobs", "--api", "http://127.0.0.1:1", "--ca", Ca);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--ca needs --api https://, not http://127.0.0.1:1", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_logs_in_to_the_tls_broker_with_its_own_client_certificate()
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var gateway = CliRunner.RunUntilAsync(
            ["gateway", "--fleet", _fleet, "--id", "gw-01", "--broker", _broker, "--ca", Ca, "--client-cert", Path.Combine(_tls, "gateways", "gw-01.pem"),
             "--client-key", Path.Combine(_tls, "gateways", "gw-01-key.pem"), "--listen", $"mqtt://127.0.0.1:{FreePort.Next()}", "--data", _folder["gw-01-data"]],
            environment: null,
            stop.Token);
        var online = false;
        await Eventually.TrueAsync(() => online || gateway.IsCompleted, "gw-01 online at the coordinator", step: () =>
            online = CliRunner.RunAsync("nodes", "--api", _api, "--ca", Ca, "--kind", "gateway", "--state", "online")
                .ContinueWith(t => t.IsCompletedSuccessfully && t.Result.ExitCode == 0 && t.Result.Out.Contains("gw-01", StringComparison.Ordinal), TaskScheduler.Default).Result);
        await stop.CancelAsync();
        var stopped = await gateway;

        Assert.True(online, stopped.Error);
        Assert.Equal(0, stopped.ExitCode);
        Assert.DoesNotContain("TLS", stopped.Error, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_coordinator is not null)
        {
            await _coordinator;
        }

        _stop.Dispose();
        _folder.Dispose();
    }
}
