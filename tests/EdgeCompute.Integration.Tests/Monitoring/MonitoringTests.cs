using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using EdgeCompute.Integration.Tests.Harness;

namespace EdgeCompute.Integration.Tests.Monitoring;

/// <summary>
/// <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> of real processes: both services' metrics move while a network runs;
/// the coordinator's readiness fails while its own Mosquitto or its own PostgreSQL is stopped (private instances, never
/// the shared ones) and its liveness does not.
/// </summary>
[Collection(FaultTestCollection.Name)]
public sealed class MonitoringTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Coordinator_and_gateway_metrics_move_while_the_network_runs_and_json_logs_name_the_gateway_connecting()
    {
        const int seed = 7101;
        await using var network = await ProcessNetwork.StartAsync(devices: 4, gateways: 1);
        var coordinator = await network.StartCoordinatorAsync(environment: new Dictionary<string, string?> { ["EDGECOMPUTE_LOG_FORMAT"] = "json" });
        var monitoringPort = FreePort.Next();
        var gateway = await network.StartGatewayAsync("gw-01", new Dictionary<string, string?>
        {
            ["EDGECOMPUTE_MonitoringOptions__Enabled"] = "true",
            ["EDGECOMPUTE_MonitoringOptions__Port"] = monitoringPort.ToString(CultureInfo.InvariantCulture),
        });
        await Poll.UntilAsync(() => FreePort.IsOpenAsync(monitoringPort), $"gw-01's monitoring listener on {monitoringPort}", Wait, () => network.Tails(10)); // it starts after the node
        var coordinatorMetrics = new Uri($"http://127.0.0.1:{coordinator.HttpPort}/metrics");
        var gatewayMetrics = new Uri($"http://127.0.0.1:{monitoringPort}/metrics");
        var before = await network.Http.GetStringAsync(coordinatorMetrics, TestContext.Current.CancellationToken);
        var gatewayBefore = await network.Http.GetStringAsync(gatewayMetrics, TestContext.Current.CancellationToken);
        Assert.Equal(0, Value(before, "edgecompute_coordinator_readings_stored_total"));
        Assert.Equal(0, Value(gatewayBefore, "edgecompute_gateway_ingest_messages_total", "outcome=\"stored\""));

        var simulation = network.StartSimulation("gw-01", seed, seconds: 6);
        var sent = await ProcessNetwork.TotalsOfAsync(simulation, Wait);
        await Stored.WaitForAsync(network, coordinator, sent.ReadingsSent, Wait);

        string coordinatorAfter = "", gatewayAfter = "";
        await Poll.UntilAsync(async () =>
        {
            coordinatorAfter = await network.Http.GetStringAsync(coordinatorMetrics, TestContext.Current.CancellationToken);
            gatewayAfter = await network.Http.GetStringAsync(gatewayMetrics, TestContext.Current.CancellationToken);
            return Value(coordinatorAfter, "edgecompute_coordinator_readings_stored_total") == sent.ReadingsSent
                && Value(gatewayAfter, "edgecompute_gateway_ingest_messages_total", "outcome=\"stored\"") >= sent.FramesSent
                && Value(gatewayAfter, "edgecompute_batch_ack_duration_seconds_count") >= 1;
        }, "both scrapes show the readings and frames the simulation sent", Wait, () => coordinatorAfter + "\n" + gatewayAfter + "\n" + network.Tails(5));

        TestLog.Line($"monitoring: seed {seed}; sent {sent.ReadingsSent} readings in {sent.FramesSent} frames; coordinator batches acked " +
            $"{Value(coordinatorAfter, "edgecompute_batch_ack_duration_seconds_count")}, gateway {Value(gatewayAfter, "edgecompute_batch_ack_duration_seconds_count")}");
        Assert.True(Value(coordinatorAfter, "edgecompute_batch_ack_duration_seconds_count") >= 1);
        Assert.True(Value(coordinatorAfter, "edgecompute_coordinator_ingest_frames_total", "kind=\"telemetry_stored\"") >= sent.FramesSent);
        Assert.True(Value(coordinatorAfter, "edgecompute_coordinator_batches_stored_total") >= 1);
        Assert.True(Value(gatewayAfter, "edgecompute_batches_sent_total") >= 1);
        Assert.Equal(1, Value(gatewayAfter, "edgecompute_gateway_uplink_connected"));

        // Neither HTTP host watches files: a config reload watch covers the working directory's whole tree, and every
        // SQLite write under it (both stores are there) would wake the process again.
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(0, FileWatches(coordinator.Process.Id));
            Assert.Equal(0, FileWatches(gateway.Id));
        }

        // EDGECOMPUTE_LOG_FORMAT=json: every log line of the coordinator is a JSON object; one says the gateway connected
        var logs = coordinator.Process.Error.Where(l => l.StartsWith('{')).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        Assert.NotEmpty(logs);
        Assert.Contains(logs, l => l.GetProperty("LogLevel").GetString() == "Information" && l.GetProperty("Message").GetString() == "Gateway gw-01 connected"
            && l.GetProperty("State").GetProperty("GatewayId").GetString() == "gw-01");
    }

    [Fact]
    public async Task Coordinator_readiness_fails_while_its_broker_or_its_store_is_stopped_and_liveness_holds()
    {
        await using var network = await ProcessNetwork.StartAsync(devices: 2, gateways: 1);
        await using var postgres = await PrivatePostgres.StartAsync();
        await postgres.CreateDatabaseAsync("edgecompute");
        var port = FreePort.Next();
        await using var coordinator = EdgeComputeProcess.Start("coordinator", ["coordinator", "--fleet", network.Fleet, "--postgres", postgres.ConnectionString("edgecompute"),
            "--broker", network.Broker.Url, "--broker-password-file", network.Broker.CoordinatorPasswordFile, "--http", $"http://127.0.0.1:{port}", "--epoch-length", "1h"]);
        await Poll.UntilAsync(async () => coordinator.HasExited || (await GetAsync(network.Http, port, "/readyz")).Status == HttpStatusCode.OK, "the coordinator is ready", Wait,
            () => coordinator.Tail(10));
        Assert.False(coordinator.HasExited, coordinator.Tail());

        await network.Broker.StopAsync();
        var (status, body) = await WaitForAsync(network.Http, port, HttpStatusCode.ServiceUnavailable, coordinator);
        Assert.Contains("\"broker\":\"down\"", body, StringComparison.Ordinal);
        Assert.Contains("\"workStore\":\"answers\"", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(network.Http, port, "/healthz")).Status);

        await network.Broker.StartAgainAsync();
        (status, body) = await WaitForAsync(network.Http, port, HttpStatusCode.OK, coordinator);
        Assert.Contains("\"broker\":\"up\"", body, StringComparison.Ordinal);

        await postgres.StopAsync();
        (status, body) = await WaitForAsync(network.Http, port, HttpStatusCode.ServiceUnavailable, coordinator);
        Assert.DoesNotContain("\"workStore\":\"answers\"", body, StringComparison.Ordinal);
        Assert.Contains("\"broker\":\"up\"", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(network.Http, port, "/healthz")).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync(network.Http, port, "/metrics")).Status); // its store figures cannot be read

        await postgres.StartAgainAsync();
        await WaitForAsync(network.Http, port, HttpStatusCode.OK, coordinator);
        TestLog.Line($"readiness: broker stop → 503, start → 200; store stop → 503 ({status}), start → 200");
    }

    private static async Task<(HttpStatusCode Status, string Body)> WaitForAsync(HttpClient http, int port, HttpStatusCode wanted, EdgeComputeProcess coordinator)
    {
        (HttpStatusCode Status, string Body) last = default;
        await Poll.UntilAsync(async () => (last = await GetAsync(http, port, "/readyz")).Status == wanted, $"/readyz answers {(int)wanted}", Wait,
            () => last.Body + "\n" + coordinator.Tail(10));
        return last;
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, int port, string path)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}{path}"), TestContext.Current.CancellationToken);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        catch (HttpRequestException e)
        {
            return (0, e.Message); // not listening yet
        }
    }

    /// <summary>The sum of the samples of one metric whose labels contain the filter (0 when none).</summary>
    private static double Value(string exposition, string metric, string labelFilter = "")
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

    // The inotify instances a process holds (what a FileSystemWatcher opens on Linux).
    private static int FileWatches(int pid) =>
        new DirectoryInfo($"/proc/{pid}/fd").EnumerateFileSystemInfos().Count(fd => fd.LinkTarget == "anon_inode:inotify");
}
