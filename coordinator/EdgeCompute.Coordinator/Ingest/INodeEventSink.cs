using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;

namespace EdgeCompute.Coordinator.Ingest;

/// <summary>
/// Where what a batch says about nodes goes after the batch is committed: device births (MAC-verified frames), device
/// online/offline items and the gateway's resource status. The scheduler's node directory is the implementation.
/// </summary>
public interface INodeEventSink
{
    /// <summary>A device announced its capabilities (its birth frame verified with the device key).</summary>
    /// <param name="gatewayId">The gateway that forwarded it.</param>
    /// <param name="deviceId">The device.</param>
    /// <param name="boot">The device's boot counter.</param>
    /// <param name="birth">The birth body.</param>
    void DeviceBirth(string gatewayId, string deviceId, uint boot, DeviceBirth birth);

    /// <summary>A gateway reported a device online or offline.</summary>
    /// <param name="gatewayId">The gateway.</param>
    /// <param name="item">The state item.</param>
    void DeviceState(string gatewayId, DeviceStateItem item);

    /// <summary>A gateway advertised its resources.</summary>
    /// <param name="gatewayId">The gateway.</param>
    /// <param name="status">Idle CPU, free memory, outbox depth.</param>
    void GatewayStatus(string gatewayId, GatewayStatus status);

    /// <summary>
    /// A batch of the gateway was committed (called once per batch, after its births, states and status): the gateway was
    /// heard from, and so were the devices whose frames it held. (Frames are not relayed to other replicas: there a device's
    /// last-seen time moves with its births and states only.)
    /// </summary>
    /// <param name="gatewayId">The gateway.</param>
    /// <param name="deviceIds">The distinct devices with frames in the batch (empty for the resend of a stored batch).</param>
    void BatchCommitted(string gatewayId, IReadOnlyCollection<string> deviceIds);
}
