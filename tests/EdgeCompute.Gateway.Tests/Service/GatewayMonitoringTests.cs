using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using EdgeCompute.Gateway.Service;
using EdgeCompute.Gateway.Service.Monitoring;
using EdgeCompute.Gateway.Tests.Fixtures;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Provisioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MQTTnet;

namespace EdgeCompute.Gateway.Tests.Service;

/// <summary>
/// The service's monitoring listener against a running gateway: <c>/metrics</c> moves as frames flow and batches are
/// acknowledged; <c>/readyz</c> stays ready through an uplink outage (store-and-forward) and turns unready when the
/// device broker stops, while <c>/healthz</c> (what the watchdog follows) stays alive through both.
/// </summary>
public sealed class GatewayMonitoringTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ec-gw-monitoring-").FullName;
    private readonly ProvisionedFleet _fleet = FleetProvisioner.Create(new FleetSpec(1, 1, 1));

    public GatewayMonitoringTests() => FleetFiles.WriteGateway(_fleet.Gateways[0], Path.Combine(_folder, "gateway.json"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_move_as_frames_are_stored_and_batches_acknowledged()
    {
        await using var fixture = new CoordinatorIngestFixture(_fleet.Coordinator, _fleet.Gateways[0]);
        await fixture.StartAsync();
        using var host = Build(fixture.Url);
        await host.StartAsync(Ct);
        var worker = Worker(host);
        await Eventually.TrueAsync(() => worker.Node is { IsRunning: true } node && node.Uplink.IsConnected, "the gateway reaches the central broker");
        using var http = Client(host);

        var before = await ScrapeAsync(http);
        Assert.Equal(0, Value(before, "edgecompute_gateway_ingest_messages_total", "outcome=\"stored\""));
        Assert.Equal(1, Value(before, "edgecompute_gateway_uplink_connected"));

        var device = _fleet.Gateways[0].Devices[0];
        var (client, _) = await DeviceClient.ConnectAsync(worker.Node!.Broker.LocalEndPoint!.Port, device.DeviceId, device.DeviceId, device.BrokerCredential);
        using (client)
        {
            for (uint seq = 1; seq <= 3; seq++)
            {
                var (frame, _) = TestFrames.Summary(_fleet.Devices[0].GetKey(), device.DeviceId, boot: 1, seq: seq);
                Assert.Equal(MqttClientPublishReasonCode.Success, (await DeviceClient.PublishAsync(client, DeviceClient.Tel(device.DeviceId), frame)).ReasonCode);
            }
        }

        await Eventually.TrueAsync(() => fixture.FramesStored == 3 && worker.Node.Outbox.UnackedBatches == 0, "the frames are stored upstream and acknowledged");
        var after = await ScrapeUntilAsync(http, text =>
            Value(text, "edgecompute_gateway_ingest_messages_total", "outcome=\"stored\"") == 3 && Value(text, "edgecompute_batch_ack_duration_seconds_count") >= 1);

        Assert.True(Value(after, "edgecompute_batches_sent_total") >= 1);
        Assert.Equal(3, Value(after, "edgecompute_gateway_ingest_duration_seconds_count"));
        Assert.Equal(3, Value(after, "edgecompute_gateway_window_age_seconds_count"));
        Assert.Equal(0, Value(after, "edgecompute_gateway_outbox_unacked_batches"));
        Assert.Contains("gateway=\"" + _fleet.Gateways[0].GatewayId + "\"", after, StringComparison.Ordinal);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task Ready_through_an_uplink_outage_and_unready_once_the_device_broker_stops_while_alive_throughout()
    {
        await using var fixture = new CoordinatorIngestFixture(_fleet.Coordinator, _fleet.Gateways[0]);
        await fixture.StartAsync();
        using var host = Build(fixture.Url);
        await host.StartAsync(Ct);
        var worker = Worker(host);
        await Eventually.TrueAsync(() => worker.Node is { IsRunning: true } node && node.Uplink.IsConnected, "the gateway reaches the central broker");
        using var http = Client(host);

        var (status, body) = await GetAsync(http, "/readyz");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("\"uplink\":\"connected\"", body, StringComparison.Ordinal);

        await fixture.StopAsync(); // the central broker is gone: an outage the outbox rides out
        await Eventually.TrueAsync(() => !worker.Node!.Uplink.IsConnected, "the uplink notices the outage");
        (status, body) = await GetAsync(http, "/readyz");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("\"uplink\":\"disconnected", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "/healthz")).Status);

        await worker.Node!.Broker.StopAsync(); // devices can no longer deliver
        (status, body) = await GetAsync(http, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("\"deviceBroker\":\"down\"", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "/healthz")).Status);

        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task A_bad_monitoring_port_stops_the_start_naming_the_setting()
    {
        using var host = Build("mqtt://127.0.0.1:1", new() { ["MonitoringOptions:Port"] = "70000" });

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains("MonitoringOptions:Port must be 0 to 65535, found 70000", error.Message, StringComparison.Ordinal);
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

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<string> ScrapeAsync(HttpClient http)
    {
        var (status, body) = await GetAsync(http, "/metrics");
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    /// <summary>Scrapes until the condition holds (the exporter caches a scrape briefly), for at most 20 s.</summary>
    private static async Task<string> ScrapeUntilAsync(HttpClient http, Func<string, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var text = await ScrapeAsync(http);
            if (condition(text))
            {
                return text;
            }

            Assert.True(DateTime.UtcNow < deadline, "the metrics did not move; last scrape:\n" + text);
            await Task.Delay(50, Ct);
        }
    }

    /// <summary>The sum of the samples of one metric whose labels contain the filter (0 when none).</summary>
    internal static double Value(string exposition, string metric, string labelFilter = "")
    {
        var sum = 0.0;
        foreach (Match m in Regex.Matches(exposition, "^" + Regex.Escape(metric) + @"(\{[^}]*\})? (\S+)", RegexOptions.Multiline))
        {
            if (m.Groups[1].Value.Contains(labelFilter, StringComparison.Ordinal))
            {
                sum += double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    private static HttpClient Client(IHost host) =>
        new() { BaseAddress = host.Services.GetRequiredService<GatewayMonitoringServer>().Address ?? throw new InvalidOperationException("monitoring not started") };

    private IHost Build(string brokerUrl, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["GatewayOptions:DeviceBroker:Port"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["GatewayOptions:Uplink:BrokerUrl"] = brokerUrl,
            ["GatewayOptions:Batching:MaxAge"] = "00:00:00.050",
            ["MonitoringOptions:Port"] = "0",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _folder, Args = [] });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddGatewayServices();
        return builder.Build();
    }

    private static GatewayWorker Worker(IHost host) => host.Services.GetServices<IHostedService>().OfType<GatewayWorker>().Single();
}
