using EdgeCompute.Cli.Tests.Support;
using EdgeCompute.Client.Owners;
using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Cli.Tests.Provision;

public sealed class ProvisionFleetTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Writes_the_registry_one_file_per_gateway_and_one_per_device()
    {
        var fleet = _folder["fleet"];

        var outcome = await CliRunner.RunAsync("provision", "fleet", "--devices", "5", "--gateways", "2", "--owners", "2", "--out", fleet);

        Assert.Equal(0, outcome.ExitCode);
        var registry = FleetFiles.ReadCoordinator(Path.Combine(fleet, "coordinator.json"));
        Assert.Equal(2, registry.Owners.Count);
        Assert.Equal(["gw-01", "gw-02"], Directory.GetFiles(Path.Combine(fleet, "gateways")).Select(Path.GetFileNameWithoutExtension).Order());
        Assert.Equal(5, Directory.GetFiles(Path.Combine(fleet, "devices"), "*.json").Length);
        var gateway = FleetFiles.ReadGateway(Path.Combine(fleet, "gateways", "gw-01.json"));
        var device = FleetFiles.ReadDevice(Path.Combine(fleet, "devices", "dev-0001.json"));
        Assert.Equal("gw-01", device.GatewayId);
        Assert.Contains(gateway.Devices, d => d.DeviceId == "dev-0001");
        Assert.Contains("coordinator.json", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("gw-02", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("owner-02", outcome.Out, StringComparison.Ordinal);
        Assert.Contains(fleet, outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_each_owner_a_file_with_the_token_the_api_and_the_coordinator_key_to_pin()
    {
        var fleet = _folder["fleet"];

        var outcome = await CliRunner.RunAsync("provision", "fleet", "--devices", "2", "--gateways", "2", "--owners", "2", "--api", "http://coordinator.example:9000", "--out", fleet);

        Assert.Equal(0, outcome.ExitCode);
        var registry = FleetFiles.ReadCoordinator(Path.Combine(fleet, "coordinator.json"));
        Assert.Equal(["owner-01", "owner-02"], Directory.GetFiles(Path.Combine(fleet, "owners")).Select(Path.GetFileNameWithoutExtension).Order());
        foreach (var owner in registry.Owners)
        {
            var file = OwnerFile.Read(Path.Combine(fleet, "owners", owner.Id + ".json"));
            Assert.Equal((owner.Id, owner.ApiToken, registry.CoordinatorPublicKey), (file.OwnerId, file.ApiToken, file.CoordinatorPublicKey));
            Assert.Equal(new Uri("http://coordinator.example:9000"), file.Api);
            Assert.DoesNotContain("Private", await File.ReadAllTextAsync(Path.Combine(fleet, "owners", owner.Id + ".json"), TestContext.Current.CancellationToken),
                StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("owners/<id>.json", outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_the_api_address_into_each_gateway_file_where_the_gateway_fetches_blobs_from()
    {
        var fleet = _folder["fleet"];

        var outcome = await CliRunner.RunAsync("provision", "fleet", "--devices", "2", "--gateways", "2", "--api", "http://coordinator.example:9000", "--out", fleet);

        Assert.Equal(0, outcome.ExitCode);
        Assert.All(["gw-01", "gw-02"], id =>
            Assert.Equal(new Uri("http://coordinator.example:9000"), FleetFiles.ReadGateway(Path.Combine(fleet, "gateways", id + ".json")).Api));
        Assert.Contains("fetches modules and inputs from http://coordinator.example:9000", outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gives_gateways_distinct_ports_when_asked()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder, 2, 2, "--gateway-port", "2000", "--distinct-gateway-ports", "--gateway-host", "10.0.0.5");

        Assert.Equal(2001, FleetFiles.ReadGateway(Path.Combine(fleet, "gateways", "gw-02.json")).DeviceBrokerPort);
        var device = FleetFiles.ReadDevice(Path.Combine(fleet, "devices", "dev-0002.json"));
        Assert.Equal(("10.0.0.5", 2001), (device.GatewayHost, device.GatewayPort));
    }

    [Fact]
    public async Task Refuses_to_overwrite_an_existing_fleet()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);
        var before = await File.ReadAllTextAsync(Path.Combine(fleet, "coordinator.json"), TestContext.Current.CancellationToken);

        var outcome = await CliRunner.RunAsync("provision", "fleet", "--devices", "1", "--gateways", "1", "--out", fleet);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("--force", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(fleet, "coordinator.json"), TestContext.Current.CancellationToken));
        Assert.Equal(4, Directory.GetFiles(Path.Combine(fleet, "devices")).Length);
    }

    [Fact]
    public async Task Replaces_a_fleet_with_force_leaving_no_stale_files()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder, devices: 4, gateways: 2);

        var outcome = await CliRunner.RunAsync("provision", "fleet", "--devices", "1", "--gateways", "1", "--out", fleet, "--force");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["dev-0001"], Directory.GetFiles(Path.Combine(fleet, "devices")).Select(Path.GetFileNameWithoutExtension));
        Assert.Equal(["gw-01"], Directory.GetFiles(Path.Combine(fleet, "gateways")).Select(Path.GetFileNameWithoutExtension));
        Assert.Single(FleetFiles.ReadCoordinator(Path.Combine(fleet, "coordinator.json")).Devices);
    }

    [Fact]
    public async Task Makes_every_file_readable_by_its_owner_only()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder);

        foreach (var file in Directory.GetFiles(fleet, "*.json", SearchOption.AllDirectories))
        {
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
        }
    }

    [Fact]
    public async Task Refuses_a_gateway_host_that_is_not_a_host_name()
    {
        var outcome = await CliRunner.RunAsync("provision", "fleet", "--devices", "1", "--gateways", "1", "--out", _folder["fleet"], "--gateway-host", "my pi");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--gateway-host", outcome.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder["fleet"]));
    }

    public void Dispose() => _folder.Dispose();
}
