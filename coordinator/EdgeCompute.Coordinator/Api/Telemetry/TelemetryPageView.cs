namespace EdgeCompute.Coordinator.Api.Telemetry;

/// <summary>One page of <c>GET /api/telemetry</c> as JSON.</summary>
/// <param name="Device">The device (or gateway, for its own sensors).</param>
/// <param name="Channel">The channel.</param>
/// <param name="From">The inclusive start asked for, ms since the Unix epoch.</param>
/// <param name="To">The exclusive end asked for, ms since the Unix epoch.</param>
/// <param name="Points">The rows, oldest first.</param>
/// <param name="Next">Pass as <c>after</c> for the next page (the time of this page's last row, ms); null when this was the last page.</param>
public sealed record TelemetryPageView(string Device, string Channel, long From, long To, IReadOnlyList<TelemetryPointView> Points, long? Next);
