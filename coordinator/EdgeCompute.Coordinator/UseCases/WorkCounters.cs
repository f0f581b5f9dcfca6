using System.Collections.Concurrent;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>Thread-safe counts of <see cref="WorkCounter"/> events.</summary>
public sealed class WorkCounters
{
    private readonly ConcurrentDictionary<WorkCounter, long> _counts = new();

    /// <summary>Adds to a counter.</summary>
    /// <param name="counter">The counter.</param>
    /// <param name="by">How much.</param>
    public void Count(WorkCounter counter, long by = 1) => _counts.AddOrUpdate(counter, by, (_, v) => v + by);

    /// <summary>Reads a counter.</summary>
    /// <param name="counter">The counter.</param>
    /// <returns>Its value.</returns>
    public long this[WorkCounter counter] => _counts.GetValueOrDefault(counter);

    /// <summary>Every non-zero counter.</summary>
    /// <returns>Name and value, ordered by counter.</returns>
    public IReadOnlyDictionary<string, long> Snapshot() =>
        _counts.OrderBy(p => p.Key).ToDictionary(p => p.Key.ToString(), p => p.Value, StringComparer.Ordinal);
}
