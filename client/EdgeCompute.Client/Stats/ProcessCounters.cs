namespace EdgeCompute.Client.Stats;

/// <summary>The answering process's work-engine counters (they differ between replicas).</summary>
/// <param name="Scope">Always <c>this-process</c>.</param>
/// <param name="Counters">Every non-zero counter by name.</param>
public sealed record ProcessCounters(string Scope, IReadOnlyDictionary<string, long> Counters);
