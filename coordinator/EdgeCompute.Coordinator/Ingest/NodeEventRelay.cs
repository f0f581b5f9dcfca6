using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Topics;

namespace EdgeCompute.Coordinator.Ingest;

/// <summary>
/// The node events one coordinator replica shares with the others. Replicas split the gateways' batches through a shared
/// subscription, but each replica's node directory (and the elected scheduler's above all) must know every device, so
/// the replica that stored a batch republishes what the batch said about nodes on the coordinator-only topic
/// <see cref="ProtocolTopics.CoordinatorNodes"/>. The message is a gateway batch body (the same codec) holding only the birth
/// frames, byte for byte as the devices made them, the device state items and the gateway's status. The receiver checks
/// each birth frame's MAC with the device key again, so a relay can only repeat what a device said.
/// </summary>
internal static class NodeEventRelay
{
    /// <summary>Encodes the node events of one batch; null when there are none.</summary>
    /// <param name="birthFrames">The verified birth frames, as received.</param>
    /// <param name="states">The device state items.</param>
    /// <param name="status">The gateway's status, when the batch carried one.</param>
    /// <returns>The message, or null.</returns>
    public static byte[]? Encode(IReadOnlyList<ReadOnlyMemory<byte>> birthFrames, IReadOnlyList<DeviceStateItem> states, GatewayStatus? status)
    {
        if (birthFrames.Count == 0 && states.Count == 0 && status is null)
        {
            return null;
        }

        var items = new List<BatchItem>(birthFrames.Count + states.Count);
        items.AddRange(birthFrames.Select(frame => new DeviceFrameItem(frame)));
        items.AddRange(states);
        return GatewayBatchBodyCodec.Encode(new GatewayBatchBody(items, status));
    }

    /// <summary>Checks every item of a relayed message, then applies them all; a message with one bad item is refused whole.</summary>
    /// <param name="gatewayId">The gateway the events came through (from the topic; it is registered).</param>
    /// <param name="payload">The message.</param>
    /// <param name="registry">Device keys.</param>
    /// <param name="nodes">Where the events go.</param>
    /// <param name="problem">Why it was refused, when it was.</param>
    /// <returns>Whether the events were applied.</returns>
    public static bool Apply(string gatewayId, ReadOnlyMemory<byte> payload, FleetRegistry registry, INodeEventSink nodes, out string problem)
    {
        if (!GatewayBatchBodyCodec.Decode(payload).TryGetValue(out var body))
        {
            problem = "the message does not decode as a batch body";
            return false;
        }

        var births = new List<(string DeviceId, uint Boot, DeviceBirth Birth)>();
        var states = new List<DeviceStateItem>();
        foreach (var item in body.Items)
        {
            switch (item)
            {
                case DeviceFrameItem frameItem:
                    if (!TryReadBirth(frameItem.Frame, registry, out var birth, out problem))
                    {
                        return false;
                    }

                    births.Add(birth);
                    break;
                case DeviceStateItem state:
                    states.Add(state);
                    break;
                default:
                    problem = $"a {item.Kind} item has no place in node events";
                    return false;
            }
        }

        foreach (var (deviceId, boot, birth) in births)
        {
            nodes.DeviceBirth(gatewayId, deviceId, boot, birth);
        }

        foreach (var state in states)
        {
            nodes.DeviceState(gatewayId, state);
        }

        if (body.Status is { } status)
        {
            nodes.GatewayStatus(gatewayId, status);
        }

        problem = "";
        return true;
    }

    private static bool TryReadBirth(ReadOnlyMemory<byte> bytes, FleetRegistry registry, out (string DeviceId, uint Boot, DeviceBirth Birth) birth, out string problem)
    {
        birth = default;
        if (!DeviceFrameCodec.Decode(bytes).TryGetValue(out var frame) || frame.Type != FrameType.Birth)
        {
            problem = "a device frame that is not a birth frame";
            return false;
        }

        if (registry.FindDevice(frame.DeviceId, out var device) != RegistryLookup.Found)
        {
            problem = $"device {frame.DeviceId} is unknown or revoked";
            return false;
        }

        if (!DeviceFrameMac.Verify(frame, device!.Key.Span))
        {
            problem = $"the birth frame of {frame.DeviceId} does not verify with its key";
            return false;
        }

        if (!DeviceBirthCodec.Decode(frame.Body).TryGetValue(out var body))
        {
            problem = $"the birth body of {frame.DeviceId} does not decode";
            return false;
        }

        birth = (frame.DeviceId, frame.Boot, body);
        problem = "";
        return true;
    }
}
