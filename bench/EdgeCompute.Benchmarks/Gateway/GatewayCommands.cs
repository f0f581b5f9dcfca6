namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>
/// Entry point of the gateway load harnesses. Each is bounded: fixed counts, loopback only, a hard timeout
/// (cancellation first, then a watchdog that ends the process), temp folders removed, non-zero exit on failure.
/// Exit codes: 0 ok, 1 verification failed, 2 timed out, 64 bad arguments.
/// </summary>
internal static class GatewayCommands
{
    public const string Ingest = "gateway-ingest";
    public const string UpstreamBytes = "gateway-upstream-bytes";
    public const string UplinkTls = "gateway-uplink-tls";

    public static bool Handles(string command) => command is Ingest or UpstreamBytes or UplinkTls or FleetLoadCommand.Name;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        if (args[0] == FleetLoadCommand.Name)
        {
            return await FleetLoadCommand.RunAsync(args, output);
        }

        HarnessArgs parsed;
        try
        {
            parsed = HarnessArgs.Parse(args.AsSpan(1));
        }
        catch (ArgumentException e)
        {
            output.WriteLine($"{args[0]}: {e.Message}");
            output.WriteLine($"usage: {Ingest} [--devices N] [--frames-per-device N] [--warmup-frames N] [--in-flight N] [--sync full|normal|both] [--frames raw|summary] [--bridges off|down|both] [--metrics off|on|both] [--peer none|mosquitto] [--load inproc|process] [--timeout SECONDS]");
            output.WriteLine($"       {UpstreamBytes} [--timeout SECONDS]");
            output.WriteLine($"       {UplinkTls} [--timeout SECONDS]");
            return 64;
        }

        using var cancel = new CancellationTokenSource(parsed.Timeout);
        using var watchdog = new Timer(_ => HardStop(output, parsed.Timeout), null, parsed.Timeout + TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
        try
        {
            if (args[0] == Ingest)
            {
                await IngestHarness.RunAsync(parsed, output, cancel.Token);
            }
            else if (args[0] == UplinkTls)
            {
                await UplinkTlsHarness.RunAsync(parsed, output, cancel.Token);
            }
            else
            {
                await UpstreamBytesHarness.RunAsync(parsed, output, cancel.Token);
            }

            return 0;
        }
        catch (HarnessFailure e)
        {
            output.WriteLine($"FAILED: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            output.WriteLine($"FAILED: timed out after {parsed.Timeout.TotalSeconds:F0} s (--timeout)");
            return 2;
        }
        finally
        {
            TempFolders.RemoveAll();
        }
    }

    private static void HardStop(TextWriter output, TimeSpan timeout)
    {
        output.WriteLine($"FAILED: still running {timeout.TotalSeconds + 30:F0} s after start; watchdog ends the process");
        TempFolders.RemoveAll();
        Environment.Exit(2);
    }
}
