using EdgeCompute.Gateway.Service;
using EdgeCompute.Gateway.Tests.Fixtures;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Provisioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.Tests.Wiring;

public sealed class ServiceWiringTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ec-gw-wiring-").FullName;
    private readonly ProvisionedFleet _fleet = FleetProvisioner.Create(new FleetSpec(1, 1, 1));

    public ServiceWiringTests() => FleetFiles.WriteGateway(_fleet.Gateways[0], Path.Combine(_folder, "gateway.json"));

    [Theory]
    [InlineData("GatewayOptions:Wasm:MaxConcurrency", "-1", "GatewayOptions:Wasm:MaxConcurrency must be 0 (the idle cores) to 1024, found -1")]
    [InlineData("GatewayOptions:Wasm:MaxMemoryBytes", "1000", "GatewayOptions:Wasm:MaxMemoryBytes must be")]
    [InlineData("GatewayOptions:LocalStore:Retention", "00:00:00", "GatewayOptions:LocalStore:Retention must be positive")]
    [InlineData("GatewayOptions:LocalStore:FileName", "", "GatewayOptions:LocalStore:FileName must be a plain file name")]
    [InlineData("SensorOptions:Sensors:0:Driver", "sht31", "SensorOptions:Sensors:0:Driver")]
    public async Task Refuses_to_start_with_a_broken_setting_of_the_new_parts_and_names_it(string key, string value, string message)
    {
        using var host = Build(new() { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_the_local_store_the_wasm_runner_and_a_configured_sensor()
    {
        var zone = Path.Combine(_folder, "thermal_zone0_temp");
        await File.WriteAllTextAsync(zone, "45123\n", TestContext.Current.CancellationToken);
        await using var fixture = new CoordinatorIngestFixture(_fleet.Coordinator, _fleet.Gateways[0]);
        await fixture.StartAsync();
        using var host = Build(new()
        {
            ["GatewayOptions:Uplink:BrokerUrl"] = fixture.Url,
            ["GatewayOptions:Wasm:MaxConcurrency"] = "1",
            ["SensorOptions:Sensors:0:Driver"] = "thermal-zone",
            ["SensorOptions:Sensors:0:Path"] = zone,
        });
        var worker = host.Services.GetServices<IHostedService>().OfType<GatewayWorker>().Single();

        await host.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var node = worker.Node!;
            Assert.NotNull(node.WasmRunner);
            Assert.NotNull(node.LocalStore);
            Assert.Equal(Path.Combine(_folder, "data"), Path.GetDirectoryName(node.OutboxPath));
            Assert.True(File.Exists(Path.Combine(_folder, "data", "localstore.db")));
            var sampler = Assert.IsType<EdgeCompute.Gateway.Sensors.GatewayTelemetrySampler>(node.Sampler);
            Assert.Single(sampler.Channels);
        }
        finally
        {
            await host.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Without_sensors_the_gateway_runs_no_sampler_and_wasm_off_hands_gateway_tasks_back()
    {
        using var host = Build(new() { ["GatewayOptions:Wasm:Enabled"] = "false", ["GatewayOptions:LocalStore:Enabled"] = "false" });
        var worker = host.Services.GetServices<IHostedService>().OfType<GatewayWorker>().Single();

        await host.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            Assert.Null(worker.Node!.Sampler);
            Assert.Null(worker.Node.WasmRunner);
            Assert.Null(worker.Node.LocalStore);
        }
        finally
        {
            await host.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }
    }

    private IHost Build(Dictionary<string, string?> settings)
    {
        settings.TryAdd("GatewayOptions:DeviceBroker:Port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        settings.TryAdd("GatewayOptions:Uplink:BrokerUrl", "mqtt://127.0.0.1:1");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _folder, Args = [] });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddGatewayServices();
        return builder.Build();
    }
}
