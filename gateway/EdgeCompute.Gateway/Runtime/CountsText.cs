using System.Globalization;

namespace EdgeCompute.Gateway.Runtime;

/// <summary>Counters by outcome, for a log line: <c>Stored 120, Duplicate 3</c>, or <c>none</c> when nothing was counted.</summary>
public static class CountsText
{
    /// <summary>Formats the non-zero counts in key order.</summary>
    /// <param name="counts">The counts by outcome.</param>
    /// <typeparam name="TKey">The outcome type (an enum).</typeparam>
    /// <returns>The text.</returns>
    public static string Format<TKey>(IReadOnlyDictionary<TKey, long> counts)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(counts);
        var parts = counts.Where(c => c.Value != 0).OrderBy(c => c.Key).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value}")).ToList();
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}
