using EdgeCompute.Protocol.Births;

namespace EdgeCompute.Coordinator.Broker;

/// <summary>Where the central broker reports gateway births and online/offline changes (the scheduler's node directory).</summary>
public interface IGatewayPresenceSink
{
    /// <summary>A gateway published its birth (capabilities, attached devices, location).</summary>
    /// <param name="birth">The decoded birth; its id matches the publishing client.</param>
    void GatewayBirth(GatewayBirth birth);

    /// <summary>A gateway went online or offline (its state message, its will, or its connection closing).</summary>
    /// <param name="gatewayId">The gateway.</param>
    /// <param name="online">Whether it is online.</param>
    void GatewayState(string gatewayId, bool online);
}
