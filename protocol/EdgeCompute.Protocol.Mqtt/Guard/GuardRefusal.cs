namespace EdgeCompute.Protocol.Mqtt.Guard;

/// <summary>Why the guard closed a connection before MQTTnet read a packet.</summary>
public enum GuardRefusal
{
    /// <summary>The first packet (CONNECT) announced more than <see cref="BrokerGuardOptions.MaxConnectPacketBytes"/>.</summary>
    ConnectTooLarge,

    /// <summary>A later packet announced more than <see cref="BrokerGuardOptions.MaxPacketBytes"/>.</summary>
    PacketTooLarge,
}
