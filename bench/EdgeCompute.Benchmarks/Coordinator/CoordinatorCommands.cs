using EdgeCompute.Benchmarks.Gateway;

namespace EdgeCompute.Benchmarks.Coordinator;

/// <summary>
/// Entry point of the coordinator load harnesses. Bounded like the gateway ones: fixed counts, a hard timeout,
/// temporary folders and databases removed. Exit codes: 0 ok, 1 verification failed, 2 timed out, 64 bad arguments.
/// </summary>
internal static class CoordinatorCommands
{
    public const string ResultIngest = "coordinator-ingest";
    public const string Ledger = "ledger-bench";

    public static bool Handles(string command) => command is ResultIngest or Ledger;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        ResultIngestArgs parsed;
        int owners = 100_000, deposits = 100_000;
        try
        {
            var rest = new List<string>();
            for (var i = 1; i < args.Length; i++)
            {
                if (args[0] == Ledger && args[i] is "--owners" or "--deposits" && i + 1 < args.Length)
                {
                    var n = int.TryParse(args[i + 1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v is >= 1 and <= 10_000_000
                        ? v
                        : throw new ArgumentException($"{args[i]} must be a whole number from 1 to 10000000, found \"{args[i + 1]}\"");
                    (owners, deposits) = args[i] == "--owners" ? (n, deposits) : (owners, n);
                    i++;
                    continue;
                }

                rest.Add(args[i]);
            }

            parsed = ResultIngestArgs.Parse(rest.ToArray());
        }
        catch (ArgumentException e)
        {
            output.WriteLine($"{args[0]}: {e.Message}");
            output.WriteLine($"usage: {ResultIngest} [--store sqlite|postgres] [--postgres CONNSTRING] [--replicas 1|2] [--batches N] [--batch-size N] " +
                "[--devices N] [--gateways N] [--warmup-batches N] [--timeout SECONDS] [--metrics off|on] [--mode ingest|raw|both] [--row-counts off|on]");
            output.WriteLine($"       {Ledger} [--store sqlite|postgres] [--postgres CONNSTRING] [--owners N] [--deposits N] [--timeout SECONDS]");
            return 64;
        }

        using var cancel = new CancellationTokenSource(parsed.Timeout);
        try
        {
            if (args[0] == Ledger)
            {
                await LedgerHarness.RunAsync(parsed, owners, deposits, output, cancel.Token);
            }
            else
            {
                await ResultIngestHarness.RunAsync(parsed, output, cancel.Token);
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
}
