using EdgeCompute.Gateway.Bridges;
using EdgeCompute.Gateway.LocalStore;
using EdgeCompute.Gateway.Sensors;
using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Gateway.Runtime;

/// <summary>
/// Where the gateway's own windows go: the local data store (queued, when kept), the bridges (queued, when on) and the
/// outbox as batch item kind 2.
/// A window the outbox cannot store throws, so the sampler counts it lost upstream; the local copy is kept either way.
/// </summary>
internal sealed class GatewayTelemetryRecorder(IGatewayTelemetrySink outbox, LocalStoreFeed? local, BridgeFeed? bridges) : IGatewayTelemetrySink
{
    public ValueTask PublishAsync(WindowSummary summary, CancellationToken cancellationToken = default)
    {
        local?.Post(summary);
        bridges?.PostGatewayWindow(summary);
        return outbox.PublishAsync(summary, cancellationToken);
    }
}
