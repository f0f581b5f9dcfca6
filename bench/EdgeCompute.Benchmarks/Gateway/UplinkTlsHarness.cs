using System.Diagnostics;
using System.Globalization;
using EdgeCompute.Protocol.Tls;
using MQTTnet;

namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>
/// <c>gateway-uplink-tls</c>: the gateway's uplink with TLS (fleet CA, client certificate, a broker that requires it)
/// beside the plain uplink, in the same sitting, runs interleaved (plain, TLS, plain, TLS, …) because the machine is
/// shared. Through a byte-counting TCP relay in front of an in-process central broker that verifies and acks every batch:
/// <list type="bullet">
/// <item>throughput: <see cref="Devices"/> × <see cref="FramesPerDevice"/> raw-sample frames are put in the outbox first
/// (uplink off), then the uplink starts and drains it in batches of <see cref="FramesPerBatch"/> frames; batches per
/// second from its start to the last ack (TLS handshake and connect included);</item>
/// <item>bytes: every byte on the wire each way per sample carried, beside the <c>up</c> payload bytes per sample; for
/// the drain above and for a steady trickle of one frame every 0.6 s (batches of one or two frames, where TLS's
/// per-record overhead weighs most);</item>
/// <item>session set-up: the bytes of a session that carries no batch (TCP payload of connect, subscribe, birth,
/// online and the clean disconnect; with TLS, the handshake with both certificates too), which the figures above include once.</item>
/// </list>
/// </summary>
internal static class UplinkTlsHarness
{
    public const int Devices = 100;
    public const int FramesPerDevice = 180;
    public const int FramesPerBatch = 50;
    public const int Rounds = 5;
    public const int SteadyFrames = 25;
    private const int Channels = UpstreamBytesHarness.Channels;
    private const int SamplesPerChannel = UpstreamBytesHarness.SamplesPerChannel;

    public static async Task RunAsync(HarnessArgs args, TextWriter output, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        using var fleet = BenchFleet.Create(Devices);
        var tls = TempFolders.Create("ec-bench-tls-");
        FleetTlsFolder.Provision(new TlsProvisionRequest { Folder = tls, GatewayIds = [fleet.Gateway.GatewayId] }, DateTimeOffset.UtcNow);
        output.WriteLine(string.Format(inv, "gateway-uplink-tls: {0} devices x {1} raw-sample frames of {2} x {3} samples, batches of {4} frames; {5} rounds, plain and TLS interleaved; {6} CPUs, {7}, {8:yyyy-MM-dd HH:mm} UTC",
            Devices, FramesPerDevice, Channels, SamplesPerChannel, FramesPerBatch, Rounds, Environment.ProcessorCount, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, DateTime.UtcNow));
        output.WriteLine("TLS: TLS 1.2/1.3 as negotiated by .NET on both ends (the gateway's uplink and the broker's guarded listener), ECDSA P-256 certificates from provision tls, client certificate required");
        var frames = BuildFrames(fleet, FramesPerDevice);
        var drains = new List<TlsRow>();
        var steady = new List<TlsRow>();
        var failures = new List<string>();
        for (var round = 1; round <= Rounds; round++)
        {
            foreach (var useTls in new[] { false, true })
            {
                var (row, problems) = await DrainAsync(fleet, frames, useTls ? tls : null, round, cancellationToken);
                drains.Add(row);
                failures.AddRange(problems.Select(p => $"drain {row.Mode} round {round}: {p}"));
                output.WriteLine(row.Line());
            }
        }

        foreach (var useTls in new[] { false, true })
        {
            var (row, problems) = await SteadyAsync(fleet, frames, useTls ? tls : null, cancellationToken);
            steady.Add(row);
            failures.AddRange(problems.Select(p => $"steady {row.Mode}: {p}"));
            output.WriteLine(row.Line());
        }

        var sessions = new List<(string Mode, long Up, long Down)>();
        foreach (var useTls in new[] { false, true })
        {
            sessions.Add(await SessionAsync(fleet, useTls ? tls : null, cancellationToken));
        }

        PrintSummary(output, drains, steady);
        foreach (var (mode, up, down) in sessions)
        {
            output.WriteLine(string.Format(inv, "session set-up and clean close without batches ({0}): {1:N0} B up, {2:N0} B down", mode, up, down));
        }
        if (failures.Count > 0)
        {
            throw new HarnessFailure(string.Join("; ", failures));
        }

        output.WriteLine("verified: every frame carried upstream byte for byte in a validly signed batch, acked, the outbox drained; no TLS connection refused");
    }

    private static (byte[][][] Frames, MqttApplicationMessage[][] Messages) BuildFrames(BenchFleet fleet, int perDevice)
    {
        var frames = new byte[Devices][][];
        var messages = new MqttApplicationMessage[Devices][];
        for (var d = 0; d < Devices; d++)
        {
            var device = fleet.Devices[d];
            frames[d] = Enumerable.Range(1, perDevice).Select(s => RawFrames.Seal(device, d, (uint)s, Channels, SamplesPerChannel)).ToArray();
            messages[d] = frames[d].Select(f => RawFrames.Message(device, f)).ToArray();
        }

        return (frames, messages);
    }

    private static async Task<(TlsRow Row, List<string> Problems)> DrainAsync(BenchFleet fleet, (byte[][][] Frames, MqttApplicationMessage[][] Messages) load, string? tls, int round, CancellationToken cancellationToken)
    {
        await using var central = new CentralBrokerCapture(fleet.Fleet.Coordinator, fleet.Gateway, ServerOptions(tls));
        await central.StartAsync();
        await using var relay = new ByteCountingRelay(central.Port);
        await using var gateway = new BenchGateway(fleet, o => Configure(o, tls));
        await gateway.StartAsync();
        var total = Devices * FramesPerDevice;
        await using (var devices = await DeviceFleetLoad.ConnectAsync(gateway.Options.DeviceBroker.Port, fleet.Devices, load.Messages, cancellationToken))
        {
            var counts = await devices.RunAsync(0, FramesPerDevice, inFlight: 4, null, cancellationToken);
            if (counts.Acked != total)
            {
                throw new HarnessFailure($"{counts.Acked} of {total} frames acknowledged by the device broker ({counts.FirstFailure})");
            }
        }

        var outbox = gateway.Outbox!;
        var started = Stopwatch.GetTimestamp();
        gateway.StartUplink($"{(tls is null ? "mqtt" : "mqtts")}://127.0.0.1:{relay.Port}");
        while (central.Frames.Count < total || outbox.PendingItems > 0 || outbox.UnackedBatches > 0)
        {
            await Task.Delay(2, cancellationToken);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        await gateway.StopAsync();
        var problems = Verify(fleet, central, load.Frames, FramesPerDevice);
        return (new TlsRow($"drain {round}", tls is null ? "plain" : "TLS", total, total * (long)Channels * SamplesPerChannel, central.Batches, elapsed, central.UpPayloadBytes, relay.Upstream, relay.Downstream), problems);
    }

    private static async Task<(TlsRow Row, List<string> Problems)> SteadyAsync(BenchFleet fleet, (byte[][][] Frames, MqttApplicationMessage[][] Messages) load, string? tls, CancellationToken cancellationToken)
    {
        await using var central = new CentralBrokerCapture(fleet.Fleet.Coordinator, fleet.Gateway, ServerOptions(tls));
        await central.StartAsync();
        await using var relay = new ByteCountingRelay(central.Port);
        await using var gateway = new BenchGateway(fleet, o => Configure(o, tls, keepBatching: true)); // default batching: 1 s age

        await gateway.StartAsync($"{(tls is null ? "mqtt" : "mqtts")}://127.0.0.1:{relay.Port}");
        var started = Stopwatch.GetTimestamp();
        await using (var devices = await DeviceFleetLoad.ConnectAsync(gateway.Options.DeviceBroker.Port, fleet.Devices, load.Messages, cancellationToken))
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(600));
            for (var i = 0; i < SteadyFrames; i++)
            {
                if (!await devices.PublishOneAsync(i % Devices, 0, cancellationToken))
                {
                    throw new HarnessFailure($"steady frame {i} not acknowledged by the device broker");
                }

                await timer.WaitForNextTickAsync(cancellationToken);
            }
        }

        var outbox = gateway.Outbox!;
        while (central.Frames.Count < SteadyFrames || outbox.PendingItems > 0 || outbox.UnackedBatches > 0)
        {
            await Task.Delay(20, cancellationToken);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        await gateway.StopAsync();
        var problems = Verify(fleet, central, load.Frames, 1, SteadyFrames);
        return (new TlsRow("steady", tls is null ? "plain" : "TLS", SteadyFrames, SteadyFrames * (long)Channels * SamplesPerChannel, central.Batches, elapsed, central.UpPayloadBytes, relay.Upstream, relay.Downstream), problems);
    }

    private static async Task<(string Mode, long Up, long Down)> SessionAsync(BenchFleet fleet, string? tls, CancellationToken cancellationToken)
    {
        await using var central = new CentralBrokerCapture(fleet.Fleet.Coordinator, fleet.Gateway, ServerOptions(tls));
        await central.StartAsync();
        await using var relay = new ByteCountingRelay(central.Port);
        await using var gateway = new BenchGateway(fleet, o => Configure(o, tls, keepBatching: true));
        await gateway.StartAsync($"{(tls is null ? "mqtt" : "mqtts")}://127.0.0.1:{relay.Port}");
        while (!gateway.Uplink!.IsConnected)
        {
            await Task.Delay(10, cancellationToken);
        }

        await gateway.StopAsync();
        await Task.Delay(200, cancellationToken); // the relay's last bytes of the close
        return (tls is null ? "plain" : "TLS", relay.Upstream, relay.Downstream);
    }

    private static TlsServerOptions? ServerOptions(string? tls) => tls is null ? null : new TlsServerOptions
    {
        Certificate = TlsFiles.ReadCertificateWithKey(Path.Combine(tls, "server.pem"), Path.Combine(tls, "server-key.pem")),
        ClientTrust = TlsFiles.ReadTrust(Path.Combine(tls, "ca.pem")),
    };

    private static void Configure(EdgeCompute.Gateway.Configuration.GatewayOptions options, string? tls, bool keepBatching = false)
    {
        if (!keepBatching)
        {
            options.DeviceBroker.RateBurst = FramesPerDevice; // the outbox is filled at once, faster than a device's sustained rate
            options.Batching.MaxItems = FramesPerBatch;
            options.Batching.MaxAge = TimeSpan.FromMilliseconds(20); // the uplink loop ticks every MaxAge / 4 (at least 5 ms)
        }

        if (tls is not null)
        {
            options.Uplink.BrokerUrl = "mqtts://127.0.0.1:8883"; // replaced by the relay's address when the uplink starts
            options.Uplink.CaFile = Path.Combine(tls, "ca.pem");
            var gateway = Directory.GetFiles(Path.Combine(tls, "gateways"), "*-key.pem").Single()[..^"-key.pem".Length];
            options.Uplink.ClientCertificateFile = gateway + ".pem";
            options.Uplink.ClientKeyFile = gateway + "-key.pem";
        }
    }

    private static List<string> Verify(BenchFleet fleet, CentralBrokerCapture central, byte[][][] frames, int perDevice, int? first = null)
    {
        var problems = new List<string>();
        var expected = first is { } count
            ? Enumerable.Range(0, count).Select(i => (Device: i % Devices, Index: 0)).ToList()
            : [.. Enumerable.Range(0, Devices).SelectMany(d => Enumerable.Range(0, perDevice).Select(i => (Device: d, Index: i)))];
        var altered = expected.Count(p => !central.Frames.TryGetValue((fleet.Devices[p.Device].DeviceId, (uint)(p.Index + 1)), out var bytes) || !bytes.AsSpan().SequenceEqual(frames[p.Device][p.Index]));
        if (altered > 0)
        {
            problems.Add($"{altered} frames missing upstream or altered");
        }

        if (central.Refused > 0 || central.TlsRefused > 0)
        {
            problems.Add($"{central.Refused} up messages failed to open, {central.TlsRefused} TLS connections refused");
        }

        return problems;
    }

    private static void PrintSummary(TextWriter output, List<TlsRow> drains, List<TlsRow> steady)
    {
        var inv = CultureInfo.InvariantCulture;
        double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        output.WriteLine();
        output.WriteLine("| uplink | drain: batches/s (median of rounds) | per round | drain: `up` payload B/sample | drain: wire B/sample up / down | steady: `up` payload B/sample | steady: wire B/sample up / down |");
        output.WriteLine("|---|---:|---|---:|---:|---:|---:|");
        foreach (var mode in new[] { "plain", "TLS" })
        {
            var d = drains.Where(r => r.Mode == mode).ToList();
            var s = steady.Single(r => r.Mode == mode);
            output.WriteLine(string.Format(inv, "| {0} | **{1:F1}** | {2} | {3:F3} | {4:F3} / {5:F3} | {6:F3} | {7:F3} / {8:F3} |",
                mode, Median(d.Select(r => r.BatchesPerSecond)), string.Join(", ", d.Select(r => r.BatchesPerSecond.ToString("F1", inv))),
                Median(d.Select(r => r.PayloadPerSample)), Median(d.Select(r => r.WireUpPerSample)), Median(d.Select(r => r.WireDownPerSample)),
                s.PayloadPerSample, s.WireUpPerSample, s.WireDownPerSample));
        }

        var ratios = drains.Where(r => r.Mode == "TLS").Zip(drains.Where(r => r.Mode == "plain"), (t, p) => t.BatchesPerSecond / p.BatchesPerSecond).ToList();
        output.WriteLine();
        output.WriteLine(string.Format(inv, "TLS / plain batches per second, per round: {0} (median {1:F2})", string.Join(", ", ratios.Select(r => r.ToString("F2", inv))), Median(ratios)));
    }

    /// <summary>One run.</summary>
    private sealed record TlsRow(string Run, string Mode, long Frames, long Samples, long Batches, TimeSpan Elapsed, long PayloadBytes, long WireUp, long WireDown)
    {
        public double BatchesPerSecond => Batches / Elapsed.TotalSeconds;

        public double PayloadPerSample => (double)PayloadBytes / Samples;

        public double WireUpPerSample => (double)WireUp / Samples;

        public double WireDownPerSample => (double)WireDown / Samples;

        public string Line() => string.Format(CultureInfo.InvariantCulture,
            "{0,-8} {1,-5}: {2:N0} frames in {3:N0} batches in {4:F2} s = {5:F1} batches/s; `up` payload {6:N0} B ({7:F3} B/sample); wire up {8:N0} B ({9:F3} B/sample), down {10:N0} B",
            Run, Mode, Frames, Batches, Elapsed.TotalSeconds, BatchesPerSecond, PayloadBytes, PayloadPerSample, WireUp, WireUpPerSample, WireDown);
    }
}
