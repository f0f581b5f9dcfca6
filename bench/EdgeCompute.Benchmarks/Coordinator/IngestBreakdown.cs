using System.Globalization;

namespace EdgeCompute.Benchmarks.Coordinator;

/// <summary>
/// Where a timed batch's time goes, per batch (means of summed wall time; concurrent gateway streams overlap, and
/// waiting for a lock or the single SQLite writer counts as the waiting step's time): the ingestor's own CPU work
/// (batch signature, decompression, every frame's MAC, the ack's signature) is what remains of the batch time
/// after the MAC check against the assignments, the telemetry commit and the engine's hand-over.
/// </summary>
internal static class IngestBreakdown
{
    public static void Write(IEnumerable<KeyValuePair<string, Timing>> timings, IReadOnlyList<double> perBatchMs, int batches, TimeSpan elapsed, TextWriter output)
    {
        var sums = new Dictionary<string, (long Calls, double Ms)>(StringComparer.Ordinal);
        foreach (var (name, timing) in timings)
        {
            var (calls, ms) = sums.GetValueOrDefault(name);
            sums[name] = (calls + timing.Calls, ms + timing.Total.TotalMilliseconds);
        }

        double Sum(Func<string, bool> which) => sums.Where(s => which(s.Key)).Sum(s => s.Value.Ms);
        var total = perBatchMs.Sum();
        var authenticate = Sum(n => n == "results.Authenticate");
        var telemetry = Sum(n => n.StartsWith("telemetry.", StringComparison.Ordinal));
        var handOver = Sum(n => n == "results.AcceptMany");
        var workReads = Sum(n => n.StartsWith("work.", StringComparison.Ordinal) && IsRead(n));
        var workWrites = Sum(n => n.StartsWith("work.", StringComparison.Ordinal) && !IsRead(n));
        var ledger = Sum(n => n.StartsWith("ledger.", StringComparison.Ordinal));
        var engineRest = handOver + authenticate - workReads - workWrites - ledger;
        string Part(string label, double ms) => string.Create(CultureInfo.InvariantCulture, $"{label} {ms / batches:F1} ms ({100 * ms / total:F0} %)");
        output.WriteLine("breakdown per batch: " + string.Join(", ",
            Part("total", total),
            Part("decode + batch signature + frame MACs + ack", total - authenticate - telemetry - handOver),
            Part("telemetry commit", telemetry),
            Part("work reads", workReads),
            Part("work writes", workWrites),
            Part("ledger", ledger),
            Part("work use cases outside the stores (result MACs, judging, waiting for their lock)", engineRest)));
        // The streams overlap; what one batch costs the whole ingest is the elapsed time over the batches. When the work
        // use cases' lock serialises the batches, their work under it is about this figure, and the rest of a batch's
        // "outside the stores" share is waiting for that lock.
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"elapsed per batch {elapsed.TotalMilliseconds / batches:F1} ms; work use cases per batch (their stores included) {(handOver + authenticate) / batches:F1} ms"));
        foreach (var (name, (calls, ms)) in sums.Where(s => s.Value.Calls > 0).OrderByDescending(s => s.Value.Ms))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-40} {calls / (double)batches,7:F1} calls/batch {ms / batches,8:F2} ms/batch"));
        }
    }

    private static bool IsRead(string name)
    {
        var method = name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..];
        return method.StartsWith("Read", StringComparison.Ordinal) || method.StartsWith("Find", StringComparison.Ordinal)
            || method.StartsWith("Has", StringComparison.Ordinal) || method.StartsWith("Count", StringComparison.Ordinal);
    }
}
