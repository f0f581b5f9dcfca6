using System.Diagnostics;
using System.Globalization;
using MQTTnet;

namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>
/// <c>gateway-ingest --peer mosquitto</c>: the same load (the same clients, frames, QoS 1 and publishes in flight) against
/// a private Mosquitto on loopback, in the same sitting, so the gateway's rate can be read as a share of Mosquitto's
/// acknowledged QoS 1 rate. Mosquitto runs as the test command installs it (<c>EDGECOMPUTE_MOSQUITTO_BIN</c>, else
/// <c>mosquitto</c> on the path or <c>/usr/sbin/mosquitto</c>) with its defaults: no persistence, so its PUBACK follows
/// the message into memory, where the gateway's follows the outbox commit. Anonymous clients (the device credentials are
/// sent and not checked), no ACL, nobody subscribed (its PUBACK then says NoMatchingSubscribers, counted as acknowledged).
/// </summary>
internal static class MosquittoPeer
{
    /// <summary>
    /// Runs the measured frames through Mosquitto after the warm-up ones; returns the acknowledged frames, the time they
    /// took and the bytes this process allocated meanwhile (the load generator's own share: Mosquitto is another process).
    /// </summary>
    public static async Task<(LoadCounts Counts, TimeSpan Elapsed, long Allocated, TimeSpan MosquittoCpu, TimeSpan OwnCpu)> RunAsync(HarnessArgs args, BenchFleet fleet, MqttApplicationMessage[][] messages, TextWriter output, CancellationToken cancellationToken)
    {
        var folder = TempFolders.Create("ec-bench-mosquitto-");
        var port = LoopbackPort.Next();
        var config = Path.Combine(folder, "mosquitto.conf");
        await File.WriteAllTextAsync(config, string.Format(CultureInfo.InvariantCulture,
            "listener {0} 127.0.0.1\nallow_anonymous true\nmax_inflight_messages 0\nmax_queued_messages 0\nlog_dest none\n", port), cancellationToken);
        var start = new ProcessStartInfo(Binary(), ["-c", config]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new HarnessFailure("mosquitto did not start");
        try
        {
            await WaitForPortAsync(port, process, cancellationToken);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "peer: {0} (pid {1}) on 127.0.0.1:{2}, defaults (no persistence), anonymous", start.FileName, process.Id, port));
            await using var load = await IngestHarness.ConnectLoadAsync(args, port, fleet, messages, noSubscribersIsAck: true, cancellationToken);
            var warm = await load.RunAsync(0, args.WarmupFrames, args.InFlight, null, cancellationToken);
            GC.Collect();
            var allocated = GC.GetTotalAllocatedBytes();
            process.Refresh();
            var mosquittoCpu = process.TotalProcessorTime;
            var ownCpu = Environment.CpuUsage.TotalTime;
            var began = Stopwatch.GetTimestamp();
            var measured = await load.RunAsync(args.WarmupFrames, args.FramesPerDevice, args.InFlight, null, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(began);
            process.Refresh();
            mosquittoCpu = process.TotalProcessorTime - mosquittoCpu;
            ownCpu = Environment.CpuUsage.TotalTime - ownCpu;
            allocated = GC.GetTotalAllocatedBytes() - allocated;
            if (warm.Failed > 0)
            {
                measured.Reported(measured.Failed + warm.Failed, measured.FirstFailure ?? warm.FirstFailure);
            }

            return (measured, elapsed, allocated, mosquittoCpu, ownCpu);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync(CancellationToken.None);
            }

            TempFolders.Remove(folder);
        }
    }

    private static string Binary() =>
        Environment.GetEnvironmentVariable("EDGECOMPUTE_MOSQUITTO_BIN") is { Length: > 0 } bin ? bin
        : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "mosquitto")).FirstOrDefault(File.Exists)
        ?? "/usr/sbin/mosquitto";

    private static async Task WaitForPortAsync(int port, Process process, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (process.HasExited)
            {
                throw new HarnessFailure($"mosquitto exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync(cancellationToken)}");
            }

            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        throw new HarnessFailure($"mosquitto did not listen on 127.0.0.1:{port} within 5 s");
    }
}
