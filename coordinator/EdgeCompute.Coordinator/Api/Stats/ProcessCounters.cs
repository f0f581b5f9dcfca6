namespace EdgeCompute.Coordinator.Api.Stats;

/// <summary>This process's own work-engine counters: they differ between replicas and restart at zero.</summary>
/// <param name="Scope">Always <c>this-process</c>, so nobody mistakes them for network totals.</param>
/// <param name="Counters">Every non-zero counter by name (camelCase of <c>WorkCounter</c>).</param>
public sealed record ProcessCounters(string Scope, IReadOnlyDictionary<string, long> Counters);
