namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>One page of window summaries.</summary>
/// <param name="Windows">The rows (<see cref="TelemetryPoint.Source"/> is the device, or the gateway for its own sensors).</param>
/// <param name="Next">Pass as <c>after</c> for the next page; null when this was the last.</param>
public sealed record TelemetryWindowPage(IReadOnlyList<TelemetryPoint> Windows, TelemetryWindowCursor? Next);
