namespace EdgeCompute.Gateway.LocalStore;

/// <summary>A query of stored windows of one channel whose start lies in <c>[FromMs, ToMs)</c>.</summary>
/// <param name="Channel">The channel name (for example <c>temp</c>).</param>
/// <param name="FromMs">Inclusive lower bound of the window start, ms since the Unix epoch.</param>
/// <param name="ToMs">Exclusive upper bound of the window start, ms since the Unix epoch.</param>
/// <param name="SourceId">Only windows of this device or gateway; null for every source.</param>
/// <param name="Limit">The most windows returned (ordered by start, then source).</param>
public sealed record WindowQuery(string Channel, long FromMs, long ToMs, string? SourceId = null, int Limit = WindowQuery.DefaultLimit)
{
    /// <summary>The default and largest <see cref="Limit"/>.</summary>
    public const int DefaultLimit = 10_000;
}
