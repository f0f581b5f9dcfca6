namespace EdgeCompute.Client.Telemetry;

/// <summary>A page of one device's channel, oldest first.</summary>
/// <param name="Device">The device (or gateway).</param>
/// <param name="Channel">The channel.</param>
/// <param name="From">The inclusive start asked for, ms since the Unix epoch.</param>
/// <param name="To">The exclusive end asked for, ms.</param>
/// <param name="Points">The rows.</param>
/// <param name="Next">Pass as <see cref="TelemetryQuery.After"/> for the next page; null on the last.</param>
public sealed record TelemetryPageView(string Device, string Channel, long From, long To, IReadOnlyList<TelemetryPointView> Points, long? Next);
