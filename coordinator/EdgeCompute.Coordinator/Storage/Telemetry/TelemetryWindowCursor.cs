namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>The position of the last row of a page of window summaries: the next page starts after it.</summary>
/// <param name="TimeMs">Its window start.</param>
/// <param name="Source">Its source.</param>
/// <param name="Channel">Its channel.</param>
public sealed record TelemetryWindowCursor(long TimeMs, string Source, string Channel);
