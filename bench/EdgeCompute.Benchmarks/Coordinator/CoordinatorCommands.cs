using EdgeCompute.Benchmarks.Gateway;

namespace EdgeCompute.Benchmarks.Coordinator;

/// <summary>
/// Entry point of the coordinator load harnesses. Bounded like the gateway ones: fixed counts, a hard timeout,
/// temporary folders and databases removed. Exit codes: 0 ok, 1 verification failed, 2 timed out, 64 bad arguments.
/// </summary>
internal static class CoordinatorCommands
{
    public const string ResultIngest = "coordinator-ingest";

    public static bool Handles(string command) => command is ResultIngest;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        ResultIngestArgs parsed;
        try
        {
            parsed = ResultIngestArgs.Parse(args.AsSpan(1));
        }
        catch (ArgumentException e)
        {
            output.WriteLine($"{args[0]}: {e.Message}");
            output.WriteLine($"usage: {ResultIngest} [--store sqlite|postgres] [--postgres CONNSTRING] [--replicas 1|2] [--batches N] [--batch-size N] " +
                "[--devices N] [--gateways N] [--warmup-batches N] [--timeout SECONDS]");
            return 64;
        }

        using var cancel = new CancellationTokenSource(parsed.Timeout);
        try
        {
            await ResultIngestHarness.RunAsync(parsed, output, cancel.Token);
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
}
