using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Topics;

namespace EdgeCompute.Coordinator.Broker;

/// <summary>Turns a gateway's <c>birth</c> or <c>state</c> message into a call on an <see cref="IGatewayPresenceSink"/> (both broker modes).</summary>
internal static class GatewayPresence
{
    /// <summary>Reports a birth whose id matches <paramref name="gatewayId"/>, or a state; ignores anything else or anything that does not decode.</summary>
    public static void Report(IGatewayPresenceSink? sink, string gatewayId, GatewayTopicKind? kind, byte[] payload)
    {
        if (sink is null)
        {
            return;
        }

        if (kind == GatewayTopicKind.Birth && GatewayBirthCodec.Decode(payload).TryGetValue(out var birth) && birth.GatewayId == gatewayId)
        {
            sink.GatewayBirth(birth);
        }
        else if (kind == GatewayTopicKind.State && StatePayload.Decode(payload).TryGetValue(out var state))
        {
            sink.GatewayState(gatewayId, state == ConnectionState.Online);
        }
    }
}
