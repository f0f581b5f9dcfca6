using EdgeCompute.Protocol.Frames;

namespace EdgeCompute.Protocol.Batches;

/// <summary>The first element of every batch item.</summary>
public enum BatchItemKind
{
    /// <summary>1: a device frame, byte for byte (<see cref="DeviceFrameItem"/>).</summary>
    DeviceFrame = 1,

    /// <summary>2: a window summary of the gateway's own sensors (<see cref="GatewayTelemetryItem"/>).</summary>
    GatewayTelemetry = 2,

    /// <summary>3: a device state change (<see cref="DeviceStateItem"/>).</summary>
    DeviceState = 3,

    /// <summary>4: frames evicted from a full outbox (<see cref="TelemetryGapItem"/>).</summary>
    TelemetryGap = 4,

    /// <summary>5: a task handed back for reissue (<see cref="TaskReturnedItem"/>).</summary>
    TaskReturned = 5,

    /// <summary>6: the result of a task the gateway ran itself (<see cref="GatewayTaskResultItem"/>).</summary>
    GatewayTaskResult = 6,

    /// <summary>7: the same with the output in the blob store, named by hash (<see cref="GatewayTaskResultItem.OutputBlob"/>).</summary>
    GatewayTaskResultBlob = 7,
}
