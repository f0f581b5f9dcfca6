namespace EdgeCompute.Client.Telemetry;

/// <summary>A page of telemetry as CSV or SenML bytes.</summary>
/// <param name="Content">The body.</param>
/// <param name="MediaType">Its media type.</param>
/// <param name="NextAfter">The next page's <see cref="TelemetryQuery.After"/> (from <c>X-Next-After</c>), or null on the last page.</param>
public sealed record TelemetryExportPage(byte[] Content, string MediaType, long? NextAfter);
