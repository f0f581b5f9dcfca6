using EdgeCompute.Gateway.Bridges;
using EdgeCompute.Gateway.Bridges.HomeAssistant;
using EdgeCompute.Gateway.Bridges.Sparkplug;
using EdgeCompute.Gateway.Service;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Provisioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.Tests.Bridges;

/// <summary>The bridges' settings: off by default, checked at start, secrets only in files no other user can read.</summary>
public sealed class BridgeOptionsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ec-bridge-options-").FullName;

    [Fact]
    public void Both_bridges_are_off_by_default_and_nothing_is_checked_while_they_are_off()
    {
        Assert.False(new HomeAssistantOptions().Enabled);
        Assert.False(new SparkplugOptions().Enabled);
        Assert.Empty(HomeAssistantOptionsValidator.Check(new HomeAssistantOptions { Broker = new BridgeBrokerOptions { Port = 0 } }));
        Assert.Empty(SparkplugOptionsValidator.Check(new SparkplugOptions { GroupId = "a/b" }));
        Assert.False(new HomeAssistantBridge(new HomeAssistantOptions()).IsEnabled);
    }

    [Fact]
    public void Names_a_missing_broker_host_and_a_bad_port()
    {
        var problems = HomeAssistantOptionsValidator.Check(new HomeAssistantOptions { Enabled = true, Broker = new BridgeBrokerOptions { Port = 70000 } });

        Assert.Contains(problems, p => p.StartsWith("HomeAssistantOptions:Broker:Host must be a host name or IP address", StringComparison.Ordinal));
        Assert.Contains("HomeAssistantOptions:Broker:Port must be 1 to 65535, found 70000", problems);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Refuses_a_password_file_other_users_can_read()
    {
        var password = Path.Combine(_folder, "password");
        File.WriteAllText(password, "secret\n");
        File.SetUnixFileMode(password, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var problems = SparkplugOptionsValidator.Check(new SparkplugOptions { Enabled = true, Broker = Broker(password) });

        var problem = Assert.Single(problems);
        Assert.StartsWith($"SparkplugOptions:Broker:PasswordFile \"{password}\" can be read by other users", problem, StringComparison.Ordinal);

        File.SetUnixFileMode(password, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        Assert.Empty(SparkplugOptionsValidator.Check(new SparkplugOptions { Enabled = true, Broker = Broker(password) }));
    }

    [Fact]
    public void Requires_a_password_file_with_a_user_name_and_a_protected_key_with_a_client_certificate()
    {
        var broker = new BridgeBrokerOptions { Host = "broker.lan", UserName = "gw", ClientCertificateFile = "/nonexistent/cert.pem" };

        var problems = HomeAssistantOptionsValidator.Check(new HomeAssistantOptions { Enabled = true, Broker = broker });

        Assert.Contains("HomeAssistantOptions:Broker:PasswordFile must name the file holding the password of user \"gw\"", problems);
        Assert.Contains("HomeAssistantOptions:Broker:UseTls must be true when CaCertificateFile, ClientCertificateFile or ClientKeyFile is set", problems);
        Assert.Contains("HomeAssistantOptions:Broker:ClientCertificateFile and ClientKeyFile must be set together", problems);
    }

    [Fact]
    public void Refuses_sparkplug_ids_that_are_not_single_topic_levels()
    {
        var problems = SparkplugOptionsValidator.Check(new SparkplugOptions { Enabled = true, Broker = Broker(null), GroupId = "plant/1", EdgeNodeId = "gw+" });

        Assert.Equal(2, problems.Count);
        Assert.StartsWith("SparkplugOptions:GroupId must be 1 to 64 characters", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("SparkplugOptions:EdgeNodeId must be empty", problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_service_refuses_to_start_with_a_broken_bridge_setting_and_exits_78()
    {
        var fleet = FleetProvisioner.Create(new FleetSpec(1, 1, 1));
        FleetFiles.WriteGateway(fleet.Gateways[0], Path.Combine(_folder, "gateway.json"));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _folder, Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GatewayOptions:DeviceBroker:Port"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GatewayOptions:Uplink:BrokerUrl"] = "mqtt://127.0.0.1:1",
            ["HomeAssistantOptions:Enabled"] = "true",
            ["HomeAssistantOptions:Broker:Host"] = "broker.lan",
            ["HomeAssistantOptions:DiscoveryPrefix"] = "home assistant",
        });
        builder.AddGatewayServices();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains("HomeAssistantOptions:DiscoveryPrefix must be topic levels", error.Message, StringComparison.Ordinal);
        Assert.Equal(GatewayServiceExtensions.ConfigurationErrorExitCode, await host.RunGatewayAsync());
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

    private static BridgeBrokerOptions Broker(string? passwordFile) => new()
    {
        Host = "192.0.2.10",
        UserName = passwordFile is null ? string.Empty : "gw",
        PasswordFile = passwordFile ?? string.Empty,
    };
}
