using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;

namespace EdgeCompute.Coordinator.Ingest;

/// <summary>An <see cref="INodeEventSink"/> that ignores everything (ingest without scheduling, e.g. in load tests).</summary>
public sealed class NullNodeEventSink : INodeEventSink
{
    /// <summary>The shared instance.</summary>
    public static NullNodeEventSink Instance { get; } = new();

    /// <inheritdoc />
    public void DeviceBirth(string gatewayId, string deviceId, uint boot, DeviceBirth birth)
    {
    }

    /// <inheritdoc />
    public void DeviceState(string gatewayId, DeviceStateItem item)
    {
    }

    /// <inheritdoc />
    public void GatewayStatus(string gatewayId, GatewayStatus status)
    {
    }

    /// <inheritdoc />
    public void BatchCommitted(string gatewayId, IReadOnlyCollection<string> deviceIds)
    {
    }
}
