using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Gateway.Sensors;

/// <summary>
/// Receives the window summaries of the gateway's own sensors. The outbox implements it: it encodes the summary
/// with <see cref="WindowSummaryCodec"/> and stores it as batch item kind 2.
/// </summary>
public interface IGatewayTelemetrySink
{
    /// <summary>Takes one closed window.</summary>
    /// <param name="summary">The summary; its source id is the gateway id.</param>
    /// <param name="cancellationToken">Cancels the hand-over.</param>
    /// <returns>Completes once the window is accepted.</returns>
    ValueTask PublishAsync(WindowSummary summary, CancellationToken cancellationToken = default);
}
