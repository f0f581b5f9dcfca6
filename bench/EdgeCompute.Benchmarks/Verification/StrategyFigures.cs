namespace EdgeCompute.Benchmarks.Verification;

/// <summary>
/// The figures of one strategy under one policy. Percentiles are nearest-rank over every trial, a cheater never caught
/// counting as infinitely late: a percentile that falls among the never-caught is null ("not caught at that rank").
/// </summary>
/// <param name="P50">Tasks a cheater completed before it was caught, median.</param>
/// <param name="P99">The same at the 99th percentile.</param>
/// <param name="P999">The same at the 99.9th percentile.</param>
/// <param name="P999AfterFirstWrong">Tasks completed after its first wrong answer before it was caught, 99.9th percentile.</param>
/// <param name="NeverCaught">Share of trials never caught within the horizon.</param>
/// <param name="RewardsToCheaters">Micro-units paid for cheaters' wrong answers, all trials.</param>
/// <param name="RewardsAfterDetection">Micro-units paid for wrong answers after the cheater was caught, all trials.</param>
/// <param name="PaidAfterDetection">Micro-units paid for any answer after the cheater was caught (right ones included).</param>
/// <param name="Overhead">(Replicas issued + re-executions) ÷ verified tasks − 1, once reputations settled.</param>
/// <param name="Trials">Trials behind the figures.</param>
/// <param name="Tasks">Tasks verified in the run.</param>
/// <param name="HonestPenalised">Invalid verdicts given to honest nodes.</param>
/// <param name="Rounds">Scheduling rounds the run took.</param>
internal sealed record StrategyFigures(int? P50, int? P99, int? P999, int? P999AfterFirstWrong, double NeverCaught, long RewardsToCheaters,
    long RewardsAfterDetection, long PaidAfterDetection, double Overhead, int Trials, long Tasks, long HonestPenalised, int Rounds)
{
    /// <summary>Colluding pairs detected (kept apart from then on).</summary>
    public long PairsDetected { get; init; }

    /// <summary>Quorums re-executed because a suspect node won.</summary>
    public long SuspectReExecutions { get; init; }

    /// <summary>The figures of a run.</summary>
    public static StrategyFigures Of(RunTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        var trials = tally.Trials;
        var caught = trials.Select(t => t.CaughtAfter).ToList();
        return new(
            Percentile(caught, 0.5),
            Percentile(caught, 0.99),
            Percentile(caught, 0.999),
            Percentile([.. trials.Select(t => t.CaughtAfterFirstWrong)], 0.999),
            trials.Count == 0 ? 0 : (double)caught.Count(c => c is null) / trials.Count,
            trials.Sum(t => t.WrongPaid),
            trials.Sum(t => t.WrongPaidAfterCaught),
            trials.Sum(t => t.PaidAfterCaught),
            tally.Overhead,
            trials.Count,
            tally.Verified,
            tally.HonestPenalised,
            tally.Rounds)
        {
            PairsDetected = tally.PairsDetected,
            SuspectReExecutions = tally.SuspectReExecutions,
        };
    }

    /// <summary>The nearest-rank percentile, null values ranking last; null when the rank falls on one.</summary>
    public static int? Percentile(IReadOnlyList<int?> values, double quantile)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.OrderBy(v => v ?? int.MaxValue).ToList();
        var rank = Math.Max(1, (int)Math.Ceiling(quantile * sorted.Count));
        return sorted[rank - 1];
    }
}
