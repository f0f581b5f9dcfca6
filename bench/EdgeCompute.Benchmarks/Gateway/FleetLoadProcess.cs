using System.Diagnostics;
using System.Globalization;

namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>
/// The simulated devices in a process of their own (<c>gateway-ingest --load process</c>): this benchmark's own assembly
/// started again as <see cref="FleetLoadCommand"/>, reading the fleet's device files, so the broker under test (the
/// gateway in the harness's process, or Mosquitto in its own) carries none of the clients' CPU, threads or garbage.
/// It is driven over its standard input and output, one line per step; latencies come back through a file.
/// </summary>
internal sealed class FleetLoadProcess : IFleetLoad
{
    private readonly Process _process;
    private readonly string _folder;

    private FleetLoadProcess(Process process, string folder)
    {
        _process = process;
        _folder = folder;
    }

    /// <summary>Gets the load process's id (for a profiler).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts the load process and waits until every device is connected.</summary>
    public static async Task<FleetLoadProcess> ConnectAsync(int port, BenchFleet fleet, HarnessArgs args, bool noSubscribersIsAck, CancellationToken cancellationToken)
    {
        var folder = TempFolders.Create("ec-bench-load-");
        var self = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(FleetLoadProcess).Assembly.Location);
        }

        foreach (var arg in new[]
        {
            FleetLoadCommand.Name, "--port", port.ToString(CultureInfo.InvariantCulture), "--fleet", fleet.Folder, "--latencies", Path.Combine(folder, "latencies.bin"),
            "--frames", args.Summaries ? "summary" : "raw", "--per-device", (args.WarmupFrames + args.FramesPerDevice).ToString(CultureInfo.InvariantCulture),
            "--no-subscribers-is-ack", noSubscribersIsAck ? "true" : "false",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new HarnessFailure("the load process did not start");
        var load = new FleetLoadProcess(process, folder);
        var ready = await load.ReadLineAsync(cancellationToken);
        if (ready != "ready")
        {
            await load.DisposeAsync();
            throw new HarnessFailure($"the load process did not connect: {ready}");
        }

        return load;
    }

    public async Task<LoadCounts> RunAsync(int first, int count, int inFlight, long[]? latencyTicks, CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteLineAsync(string.Format(CultureInfo.InvariantCulture, "run {0} {1} {2} {3}", first, count, inFlight, latencyTicks is null ? 0 : 1));
        await _process.StandardInput.FlushAsync(cancellationToken);
        var line = await ReadLineAsync(cancellationToken);
        var parts = line.Split(' ', 5);
        if (parts.Length < 4 || parts[0] != "done")
        {
            throw new HarnessFailure($"the load process answered \"{line}\"");
        }

        var counts = new LoadCounts
        {
            Acked = long.Parse(parts[1], CultureInfo.InvariantCulture),
            GeneratorCpu = TimeSpan.FromTicks(long.Parse(parts[3], CultureInfo.InvariantCulture)),
        };
        counts.Reported(long.Parse(parts[2], CultureInfo.InvariantCulture), parts.Length > 4 ? parts[4] : null);
        if (latencyTicks is not null)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(_folder, "latencies.bin"), cancellationToken);
            Buffer.BlockCopy(bytes, 0, latencyTicks, 0, Math.Min(bytes.Length, latencyTicks.Length * sizeof(long)));
        }

        return counts;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await _process.StandardInput.WriteLineAsync("quit");
                await _process.StandardInput.FlushAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            _process.Kill();
        }

        _process.Dispose();
        TempFolders.Remove(_folder);
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = await _process.StandardOutput.ReadLineAsync(cancellationToken);
        if (line is null)
        {
            var error = await _process.StandardError.ReadToEndAsync(cancellationToken);
            throw new HarnessFailure($"the load process ended: {error.Trim()}");
        }

        return line;
    }
}
