namespace EdgeCompute.Gateway.Ingest;

/// <summary>Thread-safe counts per outcome of an enum.</summary>
/// <typeparam name="TOutcome">The outcome enum (values 0 to 63).</typeparam>
public sealed class OutcomeCounter<TOutcome>
    where TOutcome : struct, Enum
{
    private readonly long[] _counts = new long[64];

    /// <summary>Counts one occurrence.</summary>
    /// <param name="outcome">The outcome.</param>
    public void Increment(TOutcome outcome) => Interlocked.Increment(ref _counts[Index(outcome)]);

    /// <summary>Gets the count of one outcome.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The count.</returns>
    public long this[TOutcome outcome] => Interlocked.Read(ref _counts[Index(outcome)]);

    /// <summary>Returns every non-zero count.</summary>
    /// <returns>Outcome and count pairs.</returns>
    public IReadOnlyDictionary<TOutcome, long> Snapshot() =>
        Enum.GetValues<TOutcome>().Where(o => this[o] != 0).ToDictionary(o => o, o => this[o]);

    private static int Index(TOutcome outcome) => Convert.ToInt32(outcome, System.Globalization.CultureInfo.InvariantCulture) & 63;
}
