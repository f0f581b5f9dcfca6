namespace EdgeCompute.Client.Stats;

/// <summary>The answer of <c>GET /api/health</c>.</summary>
/// <param name="Status">Always <c>ok</c> when the process answers.</param>
/// <param name="Time">The coordinator's clock.</param>
public sealed record HealthStatus(string Status, DateTimeOffset Time);
