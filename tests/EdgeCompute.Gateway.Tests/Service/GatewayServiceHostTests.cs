using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Gateway.Service;
using EdgeCompute.Gateway.Tests.Fixtures;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Provisioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.Tests.Service;

public sealed class GatewayServiceHostTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ec-gw-service-").FullName;
    private readonly ProvisionedFleet _fleet = FleetProvisioner.Create(new FleetSpec(1, 1, 1));

    public GatewayServiceHostTests() => FleetFiles.WriteGateway(_fleet.Gateways[0], Path.Combine(_folder, "gateway.json"));

    [Fact]
    public async Task Refuses_to_start_with_a_broken_setting_and_names_it()
    {
        using var host = Build(new() { ["GatewayOptions:DeviceBroker:Port"] = "70000" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("GatewayOptions:DeviceBroker:Port must be 1 to 65535, found 70000", error.Message, StringComparison.Ordinal);
        Assert.Null(Worker(host).Node);
    }

    [Fact]
    public async Task Refuses_to_start_without_a_usable_gateway_file_and_names_the_setting()
    {
        using var host = Build(new() { ["GatewayOptions:GatewayFile"] = "gateways/missing.json" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("GatewayOptions:GatewayFile", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exits_with_the_configuration_error_code_on_a_broken_setting()
    {
        using var host = Build(new() { ["GatewayOptions:Outbox:MaxBytes"] = "1000" });

        Assert.Equal(GatewayServiceExtensions.ConfigurationErrorExitCode, await host.RunGatewayAsync());
    }

    [Fact]
    public async Task Exits_78_naming_Wasm_CoordinatorApi_when_it_is_not_an_http_url()
    {
        using var named = Build(new() { ["GatewayOptions:Wasm:CoordinatorApi"] = "coordinator.example:8080" });
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => named.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains("GatewayOptions:Wasm:CoordinatorApi", error.Message, StringComparison.Ordinal);

        using var host = Build(new() { ["GatewayOptions:Wasm:CoordinatorApi"] = "coordinator.example:8080" });
        Assert.Equal(GatewayServiceExtensions.ConfigurationErrorExitCode, await host.RunGatewayAsync());
    }

    [Fact]
    public async Task Fails_to_start_and_exits_with_1_when_the_device_port_is_taken()
    {
        var port = FreePort.Next();
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
        squatter.Start();
        using var host = Build(new() { ["GatewayOptions:DeviceBroker:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var worker = Worker(host);

        Assert.Equal(1, await host.RunGatewayAsync());
        Assert.Null(worker.Node);
        var options = new GatewayOptions { DataFolder = Path.Combine(_folder, "data") };
        await using var reopened = OutboxStore.Open(Path.Combine(options.DataFolder, options.Outbox.FileName), options.Outbox);
        Assert.Equal(2u, reopened.Boot); // the failed start released the outbox it had opened
    }

    [Fact]
    public async Task Runs_the_gateway_from_its_settings_and_stops_it_as_a_normal_shutdown()
    {
        await using var fixture = new CoordinatorIngestFixture(_fleet.Coordinator, _fleet.Gateways[0]);
        await fixture.StartAsync();
        using var host = Build(new() { ["GatewayOptions:Uplink:BrokerUrl"] = fixture.Url, ["GatewayOptions:Geohash"] = "u33dc0" });
        var worker = Worker(host);

        await host.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => worker.Node is { IsRunning: true } node && node.Uplink.IsConnected, "the gateway runs and reaches the central broker");
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.Null(worker.Node);
        var options = host.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        Assert.Equal(Path.Combine(_folder, "data"), options.DataFolder); // relative paths resolve against the content root
        await using var reopened = OutboxStore.Open(Path.Combine(options.DataFolder, options.Outbox.FileName), options.Outbox);
        Assert.Equal(2u, reopened.Boot); // the service closed the outbox it opened
    }

    [Fact]
    public void The_sample_configuration_shipped_for_the_pi_binds_and_validates()
    {
        var sample = Path.Combine(RepositoryRoot(), "gateway", "deploy", "appsettings.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(sample, optional: false).Build();
        var options = new GatewayOptions();

        configuration.GetSection(nameof(GatewayOptions)).Bind(options);

        Assert.Empty(GatewayOptionsValidator.Check(options));
        Assert.Equal("0.0.0.0", options.DeviceBroker.BindAddress);
        Assert.Equal("/var/lib/edgecompute-gateway", options.DataFolder);

        // The bridges' sections are there for the user to fill in, and off.
        var homeAssistant = new EdgeCompute.Gateway.Bridges.HomeAssistant.HomeAssistantOptions();
        configuration.GetSection(nameof(EdgeCompute.Gateway.Bridges.HomeAssistant.HomeAssistantOptions)).Bind(homeAssistant);
        var sparkplug = new EdgeCompute.Gateway.Bridges.Sparkplug.SparkplugOptions();
        configuration.GetSection(nameof(EdgeCompute.Gateway.Bridges.Sparkplug.SparkplugOptions)).Bind(sparkplug);
        Assert.False(homeAssistant.Enabled);
        Assert.False(sparkplug.Enabled);
        Assert.Equal("homeassistant.local", homeAssistant.Broker.Host);
        homeAssistant.Enabled = sparkplug.Enabled = true;
        Assert.Empty(EdgeCompute.Gateway.Bridges.HomeAssistant.HomeAssistantOptionsValidator.Check(homeAssistant));
        Assert.Empty(EdgeCompute.Gateway.Bridges.Sparkplug.SparkplugOptionsValidator.Check(sparkplug));
    }

    public void Dispose()
    {
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
        settings.TryAdd("MonitoringOptions:Port", "0");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _folder, Args = [] });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddGatewayServices();
        return builder.Build();
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "EdgeCompute.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    private static GatewayWorker Worker(IHost host) => host.Services.GetServices<IHostedService>().OfType<GatewayWorker>().Single();
}
