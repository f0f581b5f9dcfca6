using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeCompute.Protocol.Tls;

/// <summary>A certificate made by <see cref="FleetCertificateAuthority"/> together with its private key.</summary>
public sealed class IssuedCertificate : IDisposable
{
    /// <summary>Creates the pair.</summary>
    /// <param name="certificate">The certificate (without its key).</param>
    /// <param name="key">Its private key; owned by this object from now on.</param>
    public IssuedCertificate(X509Certificate2 certificate, ECDsa key)
    {
        Certificate = certificate ?? throw new ArgumentNullException(nameof(certificate));
        Key = key ?? throw new ArgumentNullException(nameof(key));
    }

    /// <summary>Gets the certificate (public part only).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Gets the private key.</summary>
    public ECDsa Key { get; }

    /// <summary>Gets the certificate as PEM text (<c>-----BEGIN CERTIFICATE-----</c>).</summary>
    public string CertificatePem => Certificate.ExportCertificatePem() + "\n";

    /// <summary>Gets the private key as PEM text (PKCS#8, <c>-----BEGIN PRIVATE KEY-----</c>, unencrypted).</summary>
    public string KeyPem => Key.ExportPkcs8PrivateKeyPem() + "\n";

    /// <summary>The certificate joined with its key, as TLS stacks use it.</summary>
    /// <returns>A new certificate object with the private key; the caller disposes it.</returns>
    public X509Certificate2 WithKey() => Certificate.CopyWithPrivateKey(Key);

    /// <inheritdoc/>
    public void Dispose()
    {
        Certificate.Dispose();
        Key.Dispose();
    }
}
