using System.Globalization;
using System.Runtime.InteropServices;
using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>
/// <c>gateway-ingest-load</c>: the far end of <see cref="FleetLoadProcess"/>. Reads the fleet's device files, seals the
/// same frames the in-process load sends, connects every device to <c>--port</c>, prints <c>ready</c>, then answers each
/// <c>run FIRST COUNT IN-FLIGHT LATENCIES</c> line with <c>done ACKED FAILED CPU-TICKS [FIRST-FAILURE]</c> (its own CPU
/// time over the run) until <c>quit</c> or the end of its input. Not meant to be started by hand.
/// </summary>
internal static class FleetLoadCommand
{
    public const string Name = "gateway-ingest-load";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            options[args[i]] = args[i + 1];
        }

        var port = int.Parse(options["--port"], CultureInfo.InvariantCulture);
        var perDevice = int.Parse(options["--per-device"], CultureInfo.InvariantCulture);
        var summaries = options["--frames"] == "summary";
        var latencyFile = options["--latencies"];
        var devices = Directory.GetFiles(Path.Combine(options["--fleet"], FleetFiles.DevicesFolder), "*.json")
            .Select(FleetFiles.ReadDevice).OrderBy(d => d.DeviceId, StringComparer.Ordinal).ToList();
        var messages = IngestHarness.Build(devices, perDevice, summaries, out _);
        await using var load = await DeviceFleetLoad.ConnectAsync(port, devices, messages, CancellationToken.None, noSubscribersIsAck: options["--no-subscribers-is-ack"] == "true");
        output.WriteLine("ready");
        output.Flush();
        while (Console.In.ReadLine() is { } line && line.StartsWith("run ", StringComparison.Ordinal))
        {
            var run = line.Split(' ');
            var (first, count, inFlight) = (int.Parse(run[1], CultureInfo.InvariantCulture), int.Parse(run[2], CultureInfo.InvariantCulture), int.Parse(run[3], CultureInfo.InvariantCulture));
            var latencies = run[4] == "1" ? new long[devices.Count * count] : null;
            var cpu = Environment.CpuUsage.TotalTime;
            var counts = await load.RunAsync(first, count, inFlight, latencies, CancellationToken.None);
            cpu = Environment.CpuUsage.TotalTime - cpu;
            if (latencies is not null)
            {
                await File.WriteAllBytesAsync(latencyFile, MemoryMarshal.AsBytes(latencies.AsSpan()).ToArray());
            }

            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "done {0} {1} {2}{3}", counts.Acked, counts.Failed, cpu.Ticks,
                counts.FirstFailure is { } why ? " " + why.ReplaceLineEndings(" ") : ""));
            output.Flush();
        }

        return 0;
    }
}
