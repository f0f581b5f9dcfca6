namespace EdgeCompute.Protocol.Tls;

/// <summary>Why a TLS connection was refused, by the client (the server's certificate) or by the server.</summary>
public enum TlsRefusalReason
{
    /// <summary>The peer's certificate is not signed by a trusted CA (wrong <c>--ca</c>, or a certificate of another fleet).</summary>
    UntrustedIssuer,

    /// <summary>The peer's certificate has expired.</summary>
    Expired,

    /// <summary>The peer's certificate is not valid yet (or the local clock is behind).</summary>
    NotYetValid,

    /// <summary>The server's certificate is not for the host name or address the client connected to.</summary>
    NameMismatch,

    /// <summary>The certificate is not for this use (a client certificate offered by a server, or the other way round).</summary>
    WrongUsage,

    /// <summary>The peer sent no certificate.</summary>
    NoCertificate,

    /// <summary>The peer does not speak TLS (a plain MQTT client on a TLS port, or a TLS client on a plain port).</summary>
    NotTls,

    /// <summary>The peer ended the handshake (typically: it refused this side's certificate).</summary>
    PeerAborted,

    /// <summary>The handshake did not finish in time.</summary>
    Timeout,

    /// <summary>The handshake failed for another reason (named in the message).</summary>
    HandshakeFailed,
}
