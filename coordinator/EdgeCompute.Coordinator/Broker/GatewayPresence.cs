using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Topics;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.Broker;

/// <summary>
/// Turns a gateway's <c>birth</c> or <c>state</c> message into a call on an <see cref="IGatewayPresenceSink"/> (both broker
/// modes), and logs the gateway's connects and disconnects at Information: its retained <c>online</c> state when it
/// connects, its will's (or its clean stop's) <c>offline</c> when it goes.
/// </summary>
internal static class GatewayPresence
{
    /// <summary>Reports a birth whose id matches <paramref name="gatewayId"/>, or a state; ignores anything else or anything that does not decode.</summary>
    public static void Report(IGatewayPresenceSink? sink, string gatewayId, GatewayTopicKind? kind, byte[] payload, ILogger logger)
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
            if (state == ConnectionState.Online)
            {
                logger.LogInformation("Gateway {GatewayId} connected", gatewayId);
            }
            else
            {
                logger.LogInformation("Gateway {GatewayId} disconnected", gatewayId);
            }
        }
    }
}
