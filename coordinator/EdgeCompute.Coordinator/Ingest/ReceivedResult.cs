using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Tasks;


namespace EdgeCompute.Coordinator.Ingest;

/// <summary>A result as <see cref="RecordingResultSink"/> received it.</summary>
/// <param name="Frame">The device frame.</param>
/// <param name="Result">The decoded body.</param>
/// <param name="GatewayId">The forwarding gateway.</param>
public sealed record ReceivedResult(DeviceFrame Frame, TaskResult Result, string GatewayId);
