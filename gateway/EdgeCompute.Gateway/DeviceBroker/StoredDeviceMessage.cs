using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Topics;

namespace EdgeCompute.Gateway.DeviceBroker;

/// <summary>A device message the outbox holds durably (stored now or before), as seen by <see cref="DeviceBrokerServer.DeviceMessageStored"/>.</summary>
/// <param name="DeviceId">The authenticated device that published it.</param>
/// <param name="Kind">The topic kind: birth, state, tel or res.</param>
/// <param name="Payload">The payload exactly as published.</param>
public sealed record StoredDeviceMessage(string DeviceId, DeviceTopicKind Kind, ReadOnlyMemory<byte> Payload);
