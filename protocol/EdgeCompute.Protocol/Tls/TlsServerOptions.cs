using System.Security.Cryptography.X509Certificates;

namespace EdgeCompute.Protocol.Tls;

/// <summary>The settings of <see cref="TlsServerHandshake"/>.</summary>
public sealed class TlsServerOptions
{
    /// <summary>Gets or sets the server's certificate, with its private key (<see cref="TlsFiles.ReadCertificateWithKey"/>).</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>
    /// Gets or sets the CA certificates client certificates must chain to. When set, every client must present a
    /// certificate (clientAuth usage, valid now, signed by one of these); when null, none is asked for.
    /// </summary>
    public X509Certificate2Collection? ClientTrust { get; set; }

    /// <summary>Gets or sets how long a client may take to finish the handshake (default 10 s).</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
