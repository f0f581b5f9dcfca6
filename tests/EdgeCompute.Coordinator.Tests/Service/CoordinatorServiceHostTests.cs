using System.Net;
using System.Net.Sockets;
using EdgeCompute.Coordinator.Runtime;
using EdgeCompute.Coordinator.Service;
using EdgeCompute.Protocol.Provisioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Coordinator.Tests.Service;

/// <summary>The coordinator's service host: settings from appsettings.json and flags, each checked at start, one line naming a broken one.</summary>
public sealed class CoordinatorServiceHostTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ec-coordinator-service-").FullName;

    public CoordinatorServiceHostTests() => FleetFiles.Write(FleetProvisioner.Create(new FleetSpec(2, 1, 2)), Path.Combine(_root, "fleet"));

    [Theory]
    [InlineData("CoordinatorService:FleetFolder", "--fleet=nowhere")]
    [InlineData("CoordinatorService:HttpPort must be 0 to 65535", "--http-port=70000")]
    [InlineData("CoordinatorService:HttpAddress must be an IP address", "--http-address=localhost")]
    [InlineData("CoordinatorService:OperatorTokenFile", "--operator-token-file=missing-token")]
    [InlineData("CoordinatorOptions:Broker:BindAddress must be an IP address", "--CoordinatorOptions:Broker:BindAddress=nowhere")]
    [InlineData("CoordinatorOptions:Epochs:EpochLength", "--CoordinatorOptions:Epochs:EpochLength=00:00:00")]
    [InlineData("CoordinatorOptions:PumpInterval: \"soon\" is not a time span", "--CoordinatorOptions:PumpInterval=soon")]
    [InlineData("CoordinatorOptions:ExternalBroker:CaFile needs CoordinatorOptions:ExternalBroker:UseTls", "--CoordinatorOptions:ExternalBroker:CaFile=fleet/coordinator.json")]
    [InlineData("CoordinatorOptions:ExternalBroker:ClientId must not be empty", "--CoordinatorOptions:ExternalBroker:ClientId=")]
    [InlineData("CoordinatorOptions:Work:SpotCheckRate must be 0 to 1", "--CoordinatorOptions:Work:SpotCheckRate=2")]
    [InlineData("CoordinatorOptions:Blobs:QuotaBytes must be at least one largest blob", "--CoordinatorOptions:Blobs:QuotaBytes=1000")]
    [InlineData("CoordinatorOptions:Blobs:OrphanAfter must be positive", "--CoordinatorOptions:Blobs:OrphanAfter=00:00:00")]
    [InlineData("CoordinatorService:HttpCertificateFile and CoordinatorService:HttpKeyFile go together", "--CoordinatorService:HttpCertificateFile=server.pem")]
    [InlineData("CoordinatorService:HttpCertificateFile /", "--CoordinatorService:HttpCertificateFile=missing.pem", "--CoordinatorService:HttpKeyFile=missing-key.pem")]
    [InlineData("CoordinatorOptions:Broker:Tls:CertificateFile and CoordinatorOptions:Broker:Tls:KeyFile must name", "--CoordinatorOptions:Broker:Tls:Enabled=true")]
    [InlineData("CoordinatorOptions:Broker:Tls:CertificateFile, KeyFile and ClientCaFile need", "--CoordinatorOptions:Broker:Tls:ClientCaFile=ca.pem")]
    public async Task A_broken_setting_stops_the_start_with_exit_78_naming_it(string expected, params string[] flags)
    {
        using var host = Build(["--fleet=fleet", "--data=data", $"--http-port={FreePort()}", $"--CoordinatorOptions:Broker:Port={FreePort()}", .. flags]);

        var failure = CoordinatorServiceExtensions.Describe(await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(TestContext.Current.CancellationToken)));

        Assert.NotNull(failure);
        Assert.Equal(78, failure.Value.ExitCode);
        Assert.Contains(expected, failure.Value.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Value.Message);
        Assert.False(Directory.Exists(Path.Combine(_root, "data")), "nothing is made before the settings pass");
    }

    [Fact]
    public async Task Run_returns_78_for_a_broken_setting()
    {
        using var host = Build(["--fleet=fleet", "--CoordinatorOptions:Work:SpotCheckRate=2"]);

        Assert.Equal(78, await host.RunCoordinatorAsync());
    }

    [Fact]
    public async Task A_port_in_use_stops_the_start_with_exit_1_naming_the_broker()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        using var host = Build(["--fleet=fleet", "--data=data", $"--http-port={FreePort()}", $"--CoordinatorOptions:Broker:Port={port}"]);

        var failure = CoordinatorServiceExtensions.Describe(await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(TestContext.Current.CancellationToken)));

        Assert.NotNull(failure);
        Assert.Equal(1, failure.Value.ExitCode);
        Assert.StartsWith($"CoordinatorOptions:Broker: mqtt://127.0.0.1:{port}: the central broker cannot listen there", failure.Value.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Appsettings_then_flags_configure_a_running_coordinator_and_its_api()
    {
        var ignoredPort = FreePort();
        await File.WriteAllTextAsync(Path.Combine(_root, "appsettings.json"), $$"""
            {
              "CoordinatorService": { "FleetFolder": "fleet", "HttpPort": {{ignoredPort}} },
              "CoordinatorOptions": { "DataFolder": "data", "Broker": { "Port": {{FreePort()}} }, "Epochs": { "EpochLength": "01:00:00" } }
            }
            """, TestContext.Current.CancellationToken);
        var httpPort = FreePort();
        using var host = Build([$"--http-port={httpPort}"], readAppsettings: true);

        await host.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var options = host.Services.GetRequiredService<IOptions<CoordinatorOptions>>().Value;
            Assert.Equal(Path.Combine(_root, "data"), options.DataFolder); // relative to the content root
            Assert.Equal(TimeSpan.FromHours(1), options.Epochs.EpochLength);
            var current = host.Services.GetRequiredService<CoordinatorWorker>().Node!.EpochClock.Current.Id;
            Assert.InRange(options.Settlement.FirstEpochId, current - 1, current); // the epoch current at start (an hour may have turned since)
            Assert.True(File.Exists(Path.Combine(_root, "data", "ledger.db")));

            using var client = new HttpClient();
            using var stats = await client.GetAsync(new Uri($"http://127.0.0.1:{httpPort}/api/stats"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, stats.StatusCode); // the flag won over appsettings.json's port
        }
        finally
        {
            await host.StopAsync(TestContext.Current.CancellationToken);
        }

        Assert.Null(host.Services.GetRequiredService<CoordinatorWorker>().Node);
    }

    [Fact]
    public void The_deploy_sample_settings_pass_the_checks()
    {
        var sample = Path.Combine(RepositoryRoot(), "coordinator", "deploy", "appsettings.json");
        File.Copy(sample, Path.Combine(_root, "appsettings.json"));
        using var host = Build([], readAppsettings: true);

        var service = host.Services.GetRequiredService<IOptions<CoordinatorServiceOptions>>().Value;
        var coordinator = host.Services.GetRequiredService<IOptions<CoordinatorOptions>>().Value;

        Assert.Equal(Path.Combine(_root, "fleet"), service.FleetFolder);
        Assert.Equal("/var/lib/edgecompute-coordinator", coordinator.DataFolder);
        Assert.Equal("0.0.0.0", coordinator.Broker.BindAddress);
        Assert.Null(coordinator.ExternalBroker);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private IHost Build(string[] args, bool readAppsettings = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = !readAppsettings,
            ContentRootPath = _root,
            Args = readAppsettings ? args : null,
        });
        builder.AddCoordinatorServices(args);
        return builder.Build();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "EdgeCompute.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("EdgeCompute.sln not found above " + AppContext.BaseDirectory);
    }
}
