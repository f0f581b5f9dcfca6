namespace EdgeCompute.Client.Telemetry;

/// <summary>Which rows of <c>GET /api/telemetry</c> to read.</summary>
/// <param name="Device">The device id (or a gateway id for its own sensors).</param>
/// <param name="Channel">The channel.</param>
public sealed record TelemetryQuery(string Device, string Channel)
{
    /// <summary>Gets the inclusive start: ISO 8601 or ms since the Unix epoch; null for the beginning.</summary>
    public string? From { get; init; }

    /// <summary>Gets the exclusive end; null for no end.</summary>
    public string? To { get; init; }

    /// <summary>Gets the page size (1 to 10 000; the coordinator's default 1 000 when null).</summary>
    public int? Limit { get; init; }

    /// <summary>Gets the previous page's next (ms): this page starts after it.</summary>
    public long? After { get; init; }
}
