namespace EdgeCompute.Protocol.Tls;

/// <summary>A refused TLS connection: the reason code and one line that says what to fix.</summary>
/// <param name="Reason">The reason code.</param>
/// <param name="Message">One line, such as <c>TLS: the certificate of 127.0.0.1:8884 expired on 2026-01-01 00:00 UTC</c>.</param>
public sealed record TlsRefusal(TlsRefusalReason Reason, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Message;
}
