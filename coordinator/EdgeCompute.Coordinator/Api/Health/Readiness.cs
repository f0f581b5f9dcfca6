namespace EdgeCompute.Coordinator.Api.Health;

/// <summary>The body of <c>GET /readyz</c>.</summary>
/// <param name="Ready">Whether every store answers and the broker is up.</param>
/// <param name="WorkStore">"answers", or why not.</param>
/// <param name="TelemetryStore">"answers", or why not.</param>
/// <param name="Ledger">"answers", or why not.</param>
/// <param name="Broker">"up", "down", or "not checked" (an API without a broker of its own).</param>
public sealed record Readiness(bool Ready, string WorkStore, string TelemetryStore, string Ledger, string Broker);
