namespace EdgeCompute.Gateway.DeviceBroker;

/// <summary>Why the device broker refused a client's request.</summary>
public enum BrokerRefusal
{
    /// <summary>CONNECT from a client id that is not a device of this gateway.</summary>
    UnknownDevice,

    /// <summary>CONNECT with a wrong user name or credential.</summary>
    BadCredential,

    /// <summary>A plain MQTT client on the TLS listener (its first byte was not a TLS handshake).</summary>
    TlsNotTls,

    /// <summary>A TLS handshake the client ended or did not finish (it refused the gateway's certificate, or stalled).</summary>
    TlsHandshakeFailed,

    /// <summary>PUBLISH outside the device's own <c>birth</c>/<c>state</c>/<c>tel</c>/<c>res</c> topics.</summary>
    PublishNotAllowed,

    /// <summary>SUBSCRIBE to anything but the device's own task topic.</summary>
    SubscribeNotAllowed,

    /// <summary>PUBLISH above the device's rate.</summary>
    RateLimited,

    /// <summary>A packet announcing more than <c>MaxPacketBytes</c> (a CONNECT more than <c>MaxConnectPacketBytes</c>): the connection was closed before the packet was read.</summary>
    PacketTooLarge,

    /// <summary>A CONNECT made to wait because its address failed to log in too often (see <c>LoginFailuresBeforeDelay</c>).</summary>
    LoginSlowed,

    /// <summary>A CONNECT refused at once (<c>ServerBusy</c>) because too many from its address were waiting already.</summary>
    LoginTurnedAway,
}
