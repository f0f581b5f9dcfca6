using System.Diagnostics;
using System.Globalization;
using EdgeCompute.Gateway.Bridges;
using EdgeCompute.Gateway.Bridges.HomeAssistant;
using EdgeCompute.Gateway.Bridges.Sparkplug;
using EdgeCompute.Gateway.Ingest;
using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Protocol.Telemetry;
using MQTTnet;

namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>
/// <c>gateway-ingest</c>: N simulated devices (MQTTnet clients in this process) publish pre-sealed QoS 1 raw-sample
/// frames of one channel × 10 samples over loopback into the real device broker, ingest and SQLite outbox (WAL).
/// Timed: the measured frames after a warm-up, from the first publish to the last PUBACK. The load generator shares
/// the machine's cores with the gateway. No uplink runs, so every acknowledged frame stays in the outbox, which is
/// checked at the end (counters, then the file itself). <c>--frames summary</c> sends window-summary frames of 3
/// channels × 60 samples instead (what devices send by default, and what the bridges republish); <c>--bridges down</c>
/// runs every bridge (Home Assistant, Sparkplug) with its broker down (127.0.0.1:1, nothing listens), <c>both</c> runs
/// bridges off and down in the same sitting. <c>--peer mosquitto</c> then runs the same load against a private Mosquitto
/// (<see cref="MosquittoPeer"/>) and prints the gateway's rate as a share of it.
/// </summary>
internal static class IngestHarness
{
    public const int Channels = 1;
    public const int SamplesPerFrame = 10;
    public const int SummaryChannels = 3;
    public const int SummarySamples = 60;

    public static async Task RunAsync(HarnessArgs args, TextWriter output, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var perDevice = args.WarmupFrames + args.FramesPerDevice;
        using var fleet = BenchFleet.Create(args.Devices);
        var messages = Build(fleet.Devices, perDevice, args.Summaries, out var payloadBytes);
        var readingsPerFrame = args.Summaries ? SummaryChannels * SummarySamples : Channels * SamplesPerFrame;
        output.WriteLine(string.Format(inv, "gateway-ingest: {0} devices x ({1} warm-up + {2} measured) frames, {3} in flight per client, {4} CPUs, {5}, {6}, {7:yyyy-MM-dd HH:mm} UTC",
            args.Devices, args.WarmupFrames, args.FramesPerDevice, args.InFlight, Environment.ProcessorCount,
            System.Runtime.InteropServices.RuntimeInformation.OSDescription, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, DateTime.UtcNow));
        output.WriteLine(args.Summaries
            ? string.Format(inv, "frame: window summary (type 1), {0} channels x {1} samples = {2} readings, {3} B sealed (MAC included), MQTT 5 QoS 1 on ec/v1/d/{{id}}/tel",
                SummaryChannels, SummarySamples, readingsPerFrame, payloadBytes)
            : string.Format(inv, "frame: raw samples (type 2), {0} channel x {1} samples = {1} readings, {2} B sealed (MAC included), MQTT 5 QoS 1 on ec/v1/d/{{id}}/tel",
                Channels, SamplesPerFrame, payloadBytes));
        if ((args.BridgesDown ?? [false]).Contains(true))
        {
            output.WriteLine("bridges down: Home Assistant and Sparkplug on, each with its broker at 127.0.0.1:1 (connection refused), default queue (10,000 events, drop-oldest)");
        }
        output.WriteLine(args.LoadProcess
            ? "load: the devices' MQTTnet clients in a process of their own (--load process), so each broker's process CPU is its own"
            : "load: the devices' MQTTnet clients in this process, beside the gateway (--load inproc): the process CPU below includes theirs");
        output.WriteLine("gateway: defaults except DeviceBroker:RatePerSecond=100000 and RateBurst=1000000 (the default 20/s per device would refuse this load); no uplink");

        var results = new List<IngestRun>();
        var failures = new List<string>();
        if ((args.Metrics ?? [false]).Contains(true))
        {
            output.WriteLine("metrics on: the gateway's meter (GatewayMetrics) with an OpenTelemetry meter provider and its Prometheus exporter on loopback, scraped once a second during the run");
        }

        foreach (var bridgesDown in args.BridgesDown ?? [false])
        {
            foreach (var sync in args.SyncEveryCommit)
            {
                foreach (var metrics in args.Metrics ?? [false])
                {
                    var (run, problems) = await RunOnceAsync(args, fleet, messages, sync, bridgesDown, metrics, readingsPerFrame, output, cancellationToken);
                    results.Add(run);
                    failures.AddRange(problems.Select(p => $"{run.Sync}, bridges {run.Bridges}, metrics {run.Metrics}: {p}"));
                }
            }
        }

        IngestRun.PrintTable(output, results);
        if (args.PeerMosquitto)
        {
            var (peer, elapsed, peerAllocated, peerCpu, ownCpu) = await MosquittoPeer.RunAsync(args, fleet, messages, output, cancellationToken);
            var rate = peer.Acked / elapsed.TotalSeconds;
            output.WriteLine(string.Format(inv, "Mosquitto, same load, same sitting: {0:N0} frames acknowledged (QoS 1) in {1:F2} s = {2:N0} frames/s; the load generator (MQTTnet clients) allocated {3:N0} B/frame",
                peer.Acked, elapsed.TotalSeconds, rate, peer.Acked == 0 ? 0 : peerAllocated / peer.Acked));
            var perFrame = (TimeSpan t) => t.TotalMicroseconds / Math.Max(1, peer.Acked);
            output.WriteLine(string.Format(inv, "Mosquitto's process CPU {0:F2} s ({1:F1} us/frame); the load generator's {2:F2} s ({3:F1} us/frame, {4})",
                peerCpu.TotalSeconds, perFrame(peerCpu), (peer.GeneratorCpu ?? ownCpu).TotalSeconds, perFrame(peer.GeneratorCpu ?? ownCpu),
                peer.GeneratorCpu is null ? "this process" : "its own process"));
            foreach (var run in results)
            {
                output.WriteLine(string.Format(inv, "gateway {0} (bridges {1}, metrics {2}) / Mosquitto: {3:F2}", run.Sync, run.Bridges, run.Metrics, run.FramesPerSecond / rate));
            }

            if (peer.Failed > 0 || peer.Acked != (long)args.Devices * args.FramesPerDevice)
            {
                failures.Add($"Mosquitto: {peer.Acked} PUBACKs, {peer.Failed} failed, first: {peer.FirstFailure}");
            }
        }

        if (failures.Count > 0)
        {
            throw new HarnessFailure(string.Join("; ", failures));
        }

        output.WriteLine("verified: every publish got PUBACK Success and the outbox file holds exactly the acknowledged frames");
    }

    /// <summary>Every device's sealed frames as QoS 1 publishes, seq 1 first.</summary>
    internal static MqttApplicationMessage[][] Build(IReadOnlyList<EdgeCompute.Protocol.Provisioning.DeviceFile> devices, int perDevice, bool summaries, out int payloadBytes)
    {
        var messages = new MqttApplicationMessage[devices.Count][];
        Parallel.For(0, devices.Count, d =>
        {
            var device = devices[d];
            messages[d] = new MqttApplicationMessage[perDevice];
            for (var i = 0; i < perDevice; i++)
            {
                var frame = summaries
                    ? SummaryFrames.Seal(device, d, (uint)(i + 1), SummaryChannels, SummarySamples)
                    : RawFrames.Seal(device, d, (uint)(i + 1), Channels, SamplesPerFrame);
                messages[d][i] = RawFrames.Message(device, frame);
            }
        });
        payloadBytes = (int)messages[0][0].Payload.Length;
        return messages;
    }

    private static async Task<(IngestRun Run, List<string> Problems)> RunOnceAsync(
        HarnessArgs args, BenchFleet fleet, MqttApplicationMessage[][] messages, bool sync, bool bridgesDown, bool metricsOn, int readingsPerFrame, TextWriter output, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        await using var gateway = new BenchGateway(fleet, o =>
        {
            o.Outbox.SyncEveryCommit = sync;
            o.DeviceBroker.RatePerSecond = 100_000;
            o.DeviceBroker.RateBurst = 1_000_000;
        });
        IReadOnlyList<IGatewayBridge> bridges = bridgesDown ? [new HomeAssistantBridge(new HomeAssistantOptions { Enabled = true, Broker = DownBroker() }), new SparkplugBridge(new SparkplugOptions { Enabled = true, Broker = DownBroker() })] : [];
        await gateway.StartAsync(bridges: bridges);
        var outbox = gateway.Outbox!;
        await using var metrics = metricsOn ? MetricsScrape.Start(fleet.Gateway.GatewayId, gateway) : null;
        long expected = (long)args.Devices * (args.WarmupFrames + args.FramesPerDevice);
        LoadCounts warm, measured;
        var latencies = new long[args.Devices * args.FramesPerDevice];
        TimeSpan elapsed, cpu;
        long commits, allocated, gen0, gen2;
        OutboxCounters stored;
        await using (var load = await ConnectLoadAsync(args, gateway.Options.DeviceBroker.Port, fleet, messages, noSubscribersIsAck: false, cancellationToken))
        {
            warm = await load.RunAsync(0, args.WarmupFrames, args.InFlight, null, cancellationToken);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var commits0 = outbox.Counters().Commits;
            var cpu0 = Environment.CpuUsage.TotalTime;
            var alloc0 = GC.GetTotalAllocatedBytes();
            var gen00 = GC.CollectionCount(0);
            var gen20 = GC.CollectionCount(2);
            var start = Stopwatch.GetTimestamp();
            measured = await load.RunAsync(args.WarmupFrames, args.FramesPerDevice, args.InFlight, latencies, cancellationToken);
            elapsed = Stopwatch.GetElapsedTime(start);
            cpu = Environment.CpuUsage.TotalTime - cpu0;
            allocated = GC.GetTotalAllocatedBytes() - alloc0;
            gen0 = GC.CollectionCount(0) - gen00;
            gen2 = GC.CollectionCount(2) - gen20;
            commits = outbox.Counters().Commits - commits0;
            if (measured.GeneratorCpu is { } generatorCpu)
            {
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0}: the load process used {1:F2} s of CPU ({2:F1} us/frame); this process, the gateway alone, {3:F2} s ({4:F1} us/frame)",
                    sync ? "FULL" : "NORMAL", generatorCpu.TotalSeconds, generatorCpu.TotalMicroseconds / Math.Max(1, measured.Acked), cpu.TotalSeconds, cpu.TotalMicroseconds / Math.Max(1, measured.Acked)));
            }

            stored = outbox.Counters(); // before the clients disconnect: each disconnect then stores an offline state item
        }

        var scrapes = 0;
        if (metrics is not null)
        {
            var scraped = await metrics.StopAsync();
            scrapes = metrics.Scrapes;
            Check(problems, scrapes > 0 && scraped == warm.Acked + measured.Acked, $"{scrapes} scrapes; the last saw {scraped} frames stored, acknowledged {warm.Acked + measured.Acked}");
        }

        var counters = stored;
        var outcomes = gateway.Ingest!.Outcomes.Snapshot();
        var refusals = gateway.Broker!.Refusals.Snapshot();
        var bridgeCounters = bridges.Select(b => (b.Name, b.Counters.Posted, b.Counters.Dropped, b.Counters.Published, b.Counters.ConnectFailures)).ToList();
        await gateway.StopAsync();
        var (rows, readings) = OutboxFile.CountFrames(gateway.OutboxPath);

        var acked = warm.Acked + measured.Acked;
        Check(problems, warm.Failed + measured.Failed == 0, $"{warm.Failed + measured.Failed} publishes not acknowledged, first: {warm.FirstFailure ?? measured.FirstFailure}");
        Check(problems, acked == expected, $"{acked} PUBACKs, expected {expected}");
        Check(problems, counters.Stored == acked && counters.Duplicates == 0 && counters.Conflicts == 0 && counters.Full == 0,
            $"outbox counters stored={counters.Stored} duplicates={counters.Duplicates} conflicts={counters.Conflicts} full={counters.Full}, acknowledged {acked}");
        Check(problems, outcomes.Count == 1 && outcomes.GetValueOrDefault(IngestOutcome.Stored) == acked, "ingest outcomes " + string.Join(", ", outcomes));
        Check(problems, refusals.Count == 0, "broker refusals " + string.Join(", ", refusals));
        Check(problems, rows == acked, $"outbox file holds {rows} frames, acknowledged {acked}");
        Check(problems, readings == rows * readingsPerFrame, $"outbox file holds {readings} readings in {rows} frames");
        foreach (var (name, posted, dropped, published, connectFailures) in bridgeCounters)
        {
            // Raw-sample frames are not posted to bridges; window summaries are, one event each.
            var expectedPosted = args.Summaries ? acked : 0;
            var capacity = new EdgeCompute.Gateway.Bridges.BridgeBrokerOptions().QueueCapacity;
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "bridge {0} ({1}): posted {2:N0}, dropped {3:N0} (queue {4:N0}), published {5}, connect failures {6}",
                name, sync ? "FULL" : "NORMAL", posted, dropped, capacity, published, connectFailures));
            Check(problems, posted == expectedPosted, $"bridge {name} posted {posted}, expected {expectedPosted}");
            Check(problems, dropped == Math.Max(0, posted - capacity), $"bridge {name} dropped {dropped} of {posted} with a queue of {capacity}");
            Check(problems, published == 0 && connectFailures >= 1, $"bridge {name} published {published} with its broker down ({connectFailures} connect failures)");
        }

        Array.Sort(latencies);
        var run = new IngestRun(
            sync ? "FULL" : "NORMAL", args.Devices, measured.Acked, elapsed, rows, cpu, commits, allocated, gen0, gen2,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), readingsPerFrame, bridgesDown ? "down" : "off", metricsOn ? "on" : "off", scrapes);
        return (run, problems);
    }

    /// <summary>The devices, in this process or in one of their own (<c>--load</c>).</summary>
    internal static async Task<IFleetLoad> ConnectLoadAsync(HarnessArgs args, int port, BenchFleet fleet, MqttApplicationMessage[][] messages, bool noSubscribersIsAck, CancellationToken cancellationToken) =>
        args.LoadProcess
            ? await FleetLoadProcess.ConnectAsync(port, fleet, args, noSubscribersIsAck, cancellationToken)
            : await DeviceFleetLoad.ConnectAsync(port, fleet.Devices, messages, cancellationToken, noSubscribersIsAck);

    private static BridgeBrokerOptions DownBroker() => new() { Host = "127.0.0.1", Port = 1 };

    private static TimeSpan Percentile(long[] sortedTicks, double p) =>
        sortedTicks.Length == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(0, sortedTicks[(int)Math.Min(sortedTicks.Length - 1, p * sortedTicks.Length)]);

    private static void Check(List<string> problems, bool ok, string problem)
    {
        if (!ok)
        {
            problems.Add(problem);
        }
    }
}
