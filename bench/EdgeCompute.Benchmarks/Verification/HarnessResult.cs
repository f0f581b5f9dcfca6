namespace EdgeCompute.Benchmarks.Verification;

/// <summary>Both columns' figures per strategy, and each column's overhead over an honest fleet (no cheaters at all).</summary>
/// <param name="Figures">By column, by cheating strategy.</param>
/// <param name="HonestOverhead">By column: the settled overhead when nobody cheats.</param>
internal sealed record HarnessResult(
    IReadOnlyDictionary<JobColumn, IReadOnlyDictionary<CheatingStrategy, StrategyFigures>> Figures,
    IReadOnlyDictionary<JobColumn, double> HonestOverhead);
