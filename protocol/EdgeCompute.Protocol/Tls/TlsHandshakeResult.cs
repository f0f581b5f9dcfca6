using System.Security.Cryptography.X509Certificates;

namespace EdgeCompute.Protocol.Tls;

/// <summary>How a server-side TLS handshake ended: an authenticated stream, or a refusal.</summary>
public sealed class TlsHandshakeResult
{
    private TlsHandshakeResult(Stream? stream, X509Certificate2? clientCertificate, TlsRefusal? refusal)
    {
        Stream = stream;
        ClientCertificate = clientCertificate;
        Refusal = refusal;
    }

    /// <summary>Gets the encrypted stream, positioned at the client's first byte (null when refused); the caller owns it.</summary>
    public Stream? Stream { get; }

    /// <summary>Gets the client's certificate, when it sent one that passed the check.</summary>
    public X509Certificate2? ClientCertificate { get; }

    /// <summary>Gets why the connection was refused (null when it was not).</summary>
    public TlsRefusal? Refusal { get; }

    /// <summary>Gets whether the handshake succeeded.</summary>
    public bool IsSuccess => Stream is not null;

    /// <summary>A handshake that succeeded.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="clientCertificate">The client's certificate, if any.</param>
    /// <returns>The result.</returns>
    public static TlsHandshakeResult Success(Stream stream, X509Certificate2? clientCertificate) => new(stream, clientCertificate, null);

    /// <summary>A refused connection.</summary>
    /// <param name="refusal">Why.</param>
    /// <returns>The result.</returns>
    public static TlsHandshakeResult Refused(TlsRefusal refusal) => new(null, null, refusal);
}
