namespace EdgeCompute.Benchmarks.Verification;

/// <summary>How one cheater identity fared.</summary>
/// <param name="CaughtAfter">Tasks it completed before the one that got it caught; null when never caught within the horizon.</param>
/// <param name="CaughtAfterFirstWrong">Tasks it completed after its first wrong answer before it was caught; null when never caught.</param>
/// <param name="WrongPaid">Micro-units paid for its wrong answers.</param>
/// <param name="WrongPaidAfterCaught">Micro-units paid for its wrong answers after it was caught.</param>
/// <param name="PaidAfterCaught">Micro-units paid for any answer after it was caught (right ones included).</param>
internal readonly record struct TrialRecord(int? CaughtAfter, int? CaughtAfterFirstWrong, long WrongPaid, long WrongPaidAfterCaught, long PaidAfterCaught)
{
    /// <summary>The record of a node whose trial ended.</summary>
    public static TrialRecord Of(SimNode node) => new(
        node.CaughtAfter,
        node.CaughtAfter is { } caught ? caught - (node.FirstWrongAfter ?? 0) : null,
        node.WrongPaid,
        node.WrongPaidAfterCaught,
        node.PaidAfterCaught);
}
