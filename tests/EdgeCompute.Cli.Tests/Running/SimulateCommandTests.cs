using System.Text.Json;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Cli.Tests.Support;

namespace EdgeCompute.Cli.Tests.Running;

public sealed class SimulateCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_gateway_without_devices_is_a_configuration_error_naming_it()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);

        var outcome = await CliRunner.RunAsync("simulate", "--fleet", fleet, "--broker", "mqtt://127.0.0.1:1", "--gateway", "gw-07");

        Assert.Equal(78, outcome.ExitCode);
        Assert.Contains("--gateway gw-07", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asking_for_more_devices_than_the_fleet_has_is_a_configuration_error()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder, devices: 4);

        var outcome = await CliRunner.RunAsync("simulate", "--fleet", fleet, "--broker", "mqtt://127.0.0.1:1", "--devices", "9");

        Assert.Equal(78, outcome.ExitCode);
        Assert.Contains("--devices 9", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_reachable_broker_it_fails_but_still_prints_the_totals_last()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder, devices: 1, gateways: 1);
        var closedPort = FreePort.Next();

        var outcome = await CliRunner.RunAsync(
            "simulate", "--fleet", fleet, "--broker", $"mqtt://127.0.0.1:{closedPort}", "--duration", "0.5", "--seed", "3", "--data", _folder["sim-data"], "--json");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("--broker", outcome.Error, StringComparison.Ordinal);
        using var totals = JsonDocument.Parse(outcome.LastLine);
        Assert.Equal(3, totals.RootElement.GetProperty("seed").GetInt32());
        Assert.Equal(0, totals.RootElement.GetProperty("readingsSent").GetInt64());
    }

    [Fact]
    public async Task Without_broker_each_device_goes_to_the_gateway_of_its_device_file()
    {
        var firstPort = FreePort.Next();
        var fleet = await TestFleet.ProvisionAsync(
            _folder, 4, 2, "--gateway-host", "127.0.0.1", "--gateway-port", $"{firstPort}", "--distinct-gateway-ports");

        var outcome = await CliRunner.RunAsync(
            "simulate", "--fleet", fleet, "--duration", "0.5", "--seed", "5", "--data", _folder["sim-data"], "--json");

        // Nothing listens there: both gateways' brokers are named, and the run fails with its totals printed.
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains($"mqtt://127.0.0.1:{firstPort}, mqtt://127.0.0.1:{firstPort + 1}", outcome.Out, StringComparison.Ordinal);
        using var totals = JsonDocument.Parse(outcome.LastLine);
        Assert.Equal(4, totals.RootElement.GetProperty("devices").GetInt32());
        // Every device tried its own gateway at least once; a device whose backoff came round within the half second
        // tries again (timing, so the count is a floor, not an exact number).
        Assert.InRange(totals.RootElement.GetProperty("connectAttempts").GetInt64(), 4, long.MaxValue);
    }

    [Fact]
    public async Task More_devices_than_the_open_files_limit_allows_are_refused_in_one_line_before_any_connects()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder, devices: 4);

        // 4 devices and 64 files besides them do not fit in 100 with 40 open already; they would in 108.
        var outcome = await CliRunner.RunWithOpenFilesAsync(new OpenFiles(100, 40), "simulate", "--fleet", fleet, "--broker", "mqtt://127.0.0.1:1", "--duration", "0.5");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal("", outcome.Out);
        var error = Assert.Single(outcome.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("4 devices need about 108 open files", error, StringComparison.Ordinal);
        Assert.Contains("ulimit -n 108", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_frame_log_that_cannot_be_written_fails_in_one_line_naming_it_before_any_connects()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder, devices: 2);
        var log = Path.Combine(_folder["missing"], "no-such-folder", "acks.csv");

        var outcome = await CliRunner.RunAsync("simulate", "--fleet", fleet, "--broker", "mqtt://127.0.0.1:1", "--duration", "0.5", "--data", _folder["sim-data"], "--frame-log", log);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal("", outcome.Out);
        var error = Assert.Single(outcome.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"--frame-log {log}: cannot write it", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_open_files_limit_is_the_soft_column_of_proc_limits_and_unlimited_is_no_limit()
    {
        const string limits = """
            Limit                     Soft Limit           Hard Limit           Units
            Max processes             95755                95755                processes
            Max open files            1024                 524288               files
            Max locked memory         8388608              8388608              bytes
            """;

        Assert.Equal(1024, OpenFiles.ParseSoftLimit(limits));
        Assert.Null(OpenFiles.ParseSoftLimit(limits.Replace("1024 ", "unlimited", StringComparison.Ordinal)));
        Assert.Null(OpenFiles.ParseSoftLimit("Max processes 1 1 processes"));
        if (OperatingSystem.IsLinux())
        {
            var here = Assert.NotNull(OpenFiles.OfThisProcess());
            Assert.InRange(here.Open, 3, (int)here.Limit);
        }
    }

    [Fact]
    public async Task Tick_threads_out_of_range_is_a_usage_error_naming_it()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);

        var outcome = await CliRunner.RunAsync("simulate", "--fleet", fleet, "--tick-threads", "0");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--tick-threads", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_more_lazy_and_cheating_devices_than_there_are()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);

        var outcome = await CliRunner.RunAsync("simulate", "--fleet", fleet, "--broker", "mqtt://127.0.0.1:1", "--lazy", "0.6", "--cheaters", "0.6");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--cheaters", outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--ring-bytes", "4104")]
    [InlineData("--keep-alive", "-1")]
    [InlineData("--mqtt", "4")]
    public async Task Device_settings_out_of_range_are_usage_errors_naming_them(string option, string value)
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);

        var outcome = await CliRunner.RunAsync("simulate", "--fleet", fleet, option, value);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(option, outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_flaky_links_over_mqtt_3_1_1()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);

        var outcome = await CliRunner.RunAsync("simulate", "--fleet", fleet, "--broker", "mqtt://127.0.0.1:1", "--mqtt", "3.1.1", "--flaky", "0.1");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--flaky", outcome.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
