using EdgeCompute.Cli.Tests.Support;
using EdgeCompute.Firmware.Core.Provisioning;
using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Cli.Tests.Provision;

public sealed class ProvisionDeviceTests : IDisposable
{
    private const string Password = "correct horse = battery";
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Writes_a_configuration_the_firmware_parser_accepts()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);
        var output = _folder["dev-0002.cfg"];

        var outcome = await CliRunner.RunAsync(
            ["provision", "device", "--fleet", fleet, "--id", "dev-0002", "--wifi-ssid", "Greenhouse 2", "--gateway-host", "192.168.1.20", "--out", output],
            new Dictionary<string, string> { ["EDGECOMPUTE_WIFI_PASSWORD"] = Password });

        Assert.Equal(0, outcome.ExitCode);
        var config = DeviceConfig.Parse(await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken));
        var device = FleetFiles.ReadDevice(Path.Combine(fleet, "devices", "dev-0002.json"));
        Assert.Equal((device.DeviceId, device.OwnerId, device.GatewayId), (config.DeviceId, config.OwnerId, config.GatewayId));
        Assert.Equal(device.GetKey(), config.Key);
        Assert.Equal(("192.168.1.20", 1884), (config.GatewayHost, config.GatewayPort));
        Assert.Equal(("Greenhouse 2", Password), (config.WifiSsid, config.WifiPassword));
        Assert.DoesNotContain(Password, outcome.Out, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(output));
        }
    }

    [Fact]
    public async Task With_the_fleet_ca_the_board_goes_to_the_tls_port_and_is_told_where_the_ca_goes()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);
        var tls = _folder["tls"];
        Assert.Equal(0, (await CliRunner.RunAsync("provision", "tls", "--fleet", fleet, "--out", tls, "--hosts", "192.168.1.20")).ExitCode);
        var output = _folder["dev-0002.cfg"];
        var environment = new Dictionary<string, string> { ["EDGECOMPUTE_WIFI_PASSWORD"] = Password };

        var outcome = await CliRunner.RunAsync(
            ["provision", "device", "--fleet", fleet, "--id", "dev-0002", "--wifi-ssid", "Greenhouse", "--gateway-host", "192.168.1.20", "--ca", Path.Combine(tls, "ca.pem"), "--out", output],
            environment);
        var notACa = await CliRunner.RunAsync(
            ["provision", "device", "--fleet", fleet, "--id", "dev-0002", "--wifi-ssid", "Greenhouse", "--gateway-host", "192.168.1.20", "--ca", Path.Combine(tls, "server.pem"), "--out", _folder["x.cfg"]],
            environment);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(8884, DeviceConfig.Parse(await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken)).GatewayPort);
        Assert.Contains($"deploy {Path.Combine(tls, "ca.pem")} to the board as I:\\edgecompute-ca.pem", outcome.Out, StringComparison.Ordinal);
        Assert.Equal(78, notACa.ExitCode);
        Assert.Contains("--ca:", notACa.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder["x.cfg"]));
    }

    [Fact]
    public async Task Reads_the_password_from_a_file_without_its_line_break_and_takes_the_given_port()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);
        var passwordFile = _folder["wifi.txt"];
        await File.WriteAllTextAsync(passwordFile, Password + "\n", TestContext.Current.CancellationToken);
        var output = _folder["dev-0001.cfg"];

        var outcome = await CliRunner.RunAsync(
            "provision", "device", "--fleet", fleet, "--id", "dev-0001", "--wifi-ssid", "lab", "--wifi-password-file", passwordFile,
            "--gateway-host", "gw1.lan", "--gateway-port", "2884", "--out", output);

        Assert.Equal(0, outcome.ExitCode);
        var config = DeviceConfig.Parse(await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken));
        Assert.Equal(Password, config.WifiPassword);
        Assert.Equal(("gw1.lan", 2884), (config.GatewayHost, config.GatewayPort));
    }

    [Fact]
    public async Task Refuses_without_a_wifi_password_and_says_where_to_put_it()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);
        var output = _folder["dev-0001.cfg"];

        var outcome = await CliRunner.RunAsync(
            "provision", "device", "--fleet", fleet, "--id", "dev-0001", "--wifi-ssid", "lab", "--gateway-host", "gw1.lan", "--out", output);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--wifi-password-file", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("EDGECOMPUTE_WIFI_PASSWORD", outcome.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Refuses_a_password_the_board_cannot_hold()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);

        var outcome = await CliRunner.RunAsync(
            ["provision", "device", "--fleet", fleet, "--id", "dev-0001", "--wifi-ssid", "lab", "--gateway-host", "gw1.lan", "--out", _folder["x.cfg"]],
            new Dictionary<string, string> { ["EDGECOMPUTE_WIFI_PASSWORD"] = new string('p', 65) });

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("EDGECOMPUTE_WIFI_PASSWORD", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_device_is_a_configuration_error_naming_the_id()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);

        var outcome = await CliRunner.RunAsync(
            ["provision", "device", "--fleet", fleet, "--id", "dev-0099", "--wifi-ssid", "lab", "--gateway-host", "gw1.lan", "--out", _folder["x.cfg"]],
            new Dictionary<string, string> { ["EDGECOMPUTE_WIFI_PASSWORD"] = Password });

        Assert.Equal(78, outcome.ExitCode);
        Assert.Contains("--id dev-0099", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("dev-0001", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_to_overwrite_a_configuration_without_force()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);
        var output = _folder["dev-0001.cfg"];
        await File.WriteAllTextAsync(output, "keep me", TestContext.Current.CancellationToken);
        var environment = new Dictionary<string, string> { ["EDGECOMPUTE_WIFI_PASSWORD"] = Password };
        string[] args = ["provision", "device", "--fleet", fleet, "--id", "dev-0001", "--wifi-ssid", "lab", "--gateway-host", "gw1.lan", "--out", output];

        var refused = await CliRunner.RunAsync(args, environment);
        var forced = await CliRunner.RunAsync([.. args, "--force"], environment);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal("dev-0001", DeviceConfig.Parse(await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken)).DeviceId);
    }

    public void Dispose() => _folder.Dispose();
}
