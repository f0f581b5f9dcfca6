using System.Globalization;
using EdgeCompute.Benchmarks.Data;
using EdgeCompute.Protocol;
using MQTTnet;

namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>
/// <c>gateway-upstream-bytes</c>: raw-sample frames (3 channels × 60 samples at 1 Hz of <see cref="TelemetryTrace"/>,
/// device MACs included) published over loopback MQTT into the real gateway with its default options (device broker →
/// outbox → batch cut by age/size, Brotli, ECDSA P-256 → uplink). An in-process central broker counts the bytes of every
/// <c>up</c> message the uplink publishes (resends included) and acknowledges it; bytes ÷ samples carried is the figure.
/// Two arrival patterns: a burst (big batches, the best case for compression) and a steady trickle of one frame
/// every 0.6 s (100 devices at one frame a minute under the default 1-s batch age: batches of one or two frames).
/// </summary>
internal static class UpstreamBytesHarness
{
    public const int Devices = 100;
    public const int Channels = 3;
    public const int SamplesPerChannel = 60;
    public const double Goal = 4.0;

    private static readonly Scenario[] _scenarios =
    [
        new("burst: 100 devices x 6 frames at once", FramesPerDevice: 6, Paced: 0, Interval: TimeSpan.Zero),
        new("steady: 1 frame every 0.6 s (100 devices at 1/min)", FramesPerDevice: 1, Paced: 25, Interval: TimeSpan.FromMilliseconds(600)),
    ];

    public static async Task RunAsync(HarnessArgs args, TextWriter output, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        using var fleet = BenchFleet.Create(Devices);
        output.WriteLine(string.Format(inv, "gateway-upstream-bytes: raw-sample frames of {0} channels x {1} samples at 1 Hz, {2} CPUs, {3}, {4:yyyy-MM-dd HH:mm} UTC",
            Channels, SamplesPerChannel, Environment.ProcessorCount, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, DateTime.UtcNow));
        output.WriteLine("gateway: default options (Batching MaxAge 1 s, MaxItems 1000, MaxBytes 256 KiB; Brotli; ECDSA P-256); counted: payload of every `up` PUBLISH (envelope, signature, compressed body with device frames and MACs, gateway status)");
        var rows = new List<UpstreamRow>();
        var failures = new List<string>();
        foreach (var scenario in _scenarios)
        {
            var (row, problems) = await RunScenarioAsync(fleet, scenario, cancellationToken);
            rows.Add(row);
            failures.AddRange(problems.Select(p => $"{scenario.Name}: {p}"));
        }

        UpstreamRow.PrintTable(output, rows);
        if (failures.Count > 0)
        {
            throw new HarnessFailure(string.Join("; ", failures));
        }

        output.WriteLine("verified: every frame published was acknowledged, carried upstream byte for byte in a validly signed batch, and the outbox drained");
    }

    private static async Task<(UpstreamRow Row, List<string> Problems)> RunScenarioAsync(BenchFleet fleet, Scenario scenario, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var frames = new byte[Devices][][];
        var messages = new MqttApplicationMessage[Devices][];
        for (var d = 0; d < Devices; d++)
        {
            var device = fleet.Devices[d];
            frames[d] = Enumerable.Range(1, scenario.FramesPerDevice).Select(s => RawFrames.Seal(device, d, (uint)s, Channels, SamplesPerChannel)).ToArray();
            messages[d] = frames[d].Select(f => RawFrames.Message(device, f)).ToArray();
        }

        await using var central = new CentralBrokerCapture(fleet.Fleet.Coordinator, fleet.Gateway);
        await central.StartAsync();
        await using var gateway = new BenchGateway(fleet, _ => { });
        await gateway.StartAsync(central.Url);
        var published = new List<(int Device, int Index)>();
        long acked = 0;
        await using (var load = await DeviceFleetLoad.ConnectAsync(gateway.Options.DeviceBroker.Port, fleet.Devices, messages, cancellationToken))
        {
            if (scenario.Paced == 0)
            {
                var counts = await load.RunAsync(0, scenario.FramesPerDevice, inFlight: 1, null, cancellationToken);
                acked = counts.Acked;
                for (var d = 0; d < Devices; d++)
                {
                    published.AddRange(Enumerable.Range(0, scenario.FramesPerDevice).Select(i => (d, i)));
                }
            }
            else
            {
                using var timer = new PeriodicTimer(scenario.Interval);
                for (var i = 0; i < scenario.Paced; i++)
                {
                    var device = i % Devices;
                    var index = (i / Devices) % scenario.FramesPerDevice;
                    acked += await load.PublishOneAsync(device, index, cancellationToken) ? 1 : 0;
                    published.Add((device, index));
                    await timer.WaitForNextTickAsync(cancellationToken);
                }
            }

            var outbox = gateway.Outbox!;
            while (central.Frames.Count < published.Count || outbox.PendingItems > 0 || outbox.UnackedBatches > 0)
            {
                await Task.Delay(20, cancellationToken);
            }
        }

        var uplinkEvents = gateway.Uplink!.Events.Snapshot();
        await gateway.StopAsync();
        if (acked != published.Count)
        {
            problems.Add($"{acked} of {published.Count} publishes acknowledged");
        }

        if (central.Refused > 0)
        {
            problems.Add($"{central.Refused} up messages failed to open (signature or format)");
        }

        var altered = published.Count(p => !central.Frames.TryGetValue((fleet.Devices[p.Device].DeviceId, (uint)(p.Index + 1)), out var bytes) || !bytes.AsSpan().SequenceEqual(frames[p.Device][p.Index]));
        if (altered > 0)
        {
            problems.Add($"{altered} frames missing upstream or altered");
        }

        long samples = published.Count * (long)Channels * SamplesPerChannel;
        if (central.SamplesCarried != samples)
        {
            problems.Add($"{central.SamplesCarried} samples carried upstream, {samples} published");
        }

        var deviceBytes = published.Sum(p => (long)frames[p.Device][p.Index].Length);
        return (new UpstreamRow(scenario.Name, published.Count, samples, central, deviceBytes, string.Join(", ", uplinkEvents.Select(kv => $"{kv.Key}={kv.Value}"))), problems);
    }

    private sealed record Scenario(string Name, int FramesPerDevice, int Paced, TimeSpan Interval);
}
