namespace EdgeCompute.Coordinator.Broker;

/// <summary>Why the central broker refused something.</summary>
public enum BrokerRefusal
{
    /// <summary>CONNECT with an unknown or revoked gateway, a client id that differs from the user name, or a wrong password.</summary>
    BadCredentials,

    /// <summary>PUBLISH on a topic the gateway may not write.</summary>
    PublishNotAllowed,

    /// <summary>SUBSCRIBE to a filter the gateway may not read.</summary>
    SubscribeNotAllowed,

    /// <summary>PUBLISH larger than the batch message limit.</summary>
    PayloadTooLarge,

    /// <summary>A packet announcing more than <see cref="CentralBrokerOptions.MaxPacketBytes"/> (a CONNECT more than <see cref="CentralBrokerOptions.MaxConnectPacketBytes"/>): the connection was closed before the packet was read.</summary>
    PacketTooLarge,

    /// <summary>A CONNECT made to wait because its address failed to log in too often.</summary>
    LoginSlowed,

    /// <summary>A CONNECT refused at once (<c>ServerBusy</c>) because too many from its address were waiting already.</summary>
    LoginTurnedAway,

    /// <summary>A plain MQTT client (or other bytes) on the TLS listener.</summary>
    TlsNotTls,

    /// <summary>A TLS handshake that failed: no, an expired, or another CA's client certificate; a client that refused this broker's certificate; a timeout.</summary>
    TlsHandshakeFailed,

    /// <summary>A CONNECT over TLS whose client certificate's subject (CN) is not the gateway it logs in as.</summary>
    CertificateNotOfGateway,
}
