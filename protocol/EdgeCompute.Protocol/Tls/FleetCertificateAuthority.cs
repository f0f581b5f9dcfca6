using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeCompute.Protocol.Ids;

namespace EdgeCompute.Protocol.Tls;

/// <summary>
/// A fleet's private certificate authority: it signs the server certificate of a broker or API host (names and
/// addresses as subject alternative names, extended key usage serverAuth) and one client certificate per gateway whose
/// subject CN is the gateway id (clientAuth), so a broker can take the gateway's identity from its certificate.
/// Every key is ECDSA P-256 and every signature ECDSA with SHA-256: small and fast on a Raspberry Pi and supported by
/// Mosquitto (OpenSSL), MQTTnet (.NET) and the ESP32's mbedTLS.
/// </summary>
public sealed class FleetCertificateAuthority : IDisposable
{
    /// <summary>The OID of the serverAuth extended key usage.</summary>
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>The OID of the clientAuth extended key usage.</summary>
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    private FleetCertificateAuthority(IssuedCertificate authority) => Authority = authority;

    /// <summary>Gets the authority's own certificate and key.</summary>
    public IssuedCertificate Authority { get; }

    /// <summary>Gets the authority's certificate (what peers trust: <c>ca.pem</c>).</summary>
    public X509Certificate2 Certificate => Authority.Certificate;

    /// <summary>Makes a new authority: a self-signed CA certificate that may sign end certificates only (path length 0).</summary>
    /// <param name="name">The CA's common name, such as <c>EdgeCompute fleet CA</c>.</param>
    /// <param name="lifetime">When it is valid.</param>
    /// <returns>The authority; the caller disposes it.</returns>
    public static FleetCertificateAuthority Create(string name, CertificateLifetime lifetime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var request = new CertificateRequest(new X500DistinguishedName($"CN={Escape(name)}"), key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            using var selfSigned = request.CreateSelfSigned(lifetime.NotBefore, lifetime.NotAfter);
            var certificate = X509CertificateLoader.LoadCertificate(selfSigned.Export(X509ContentType.Cert));
            return new FleetCertificateAuthority(new IssuedCertificate(certificate, key));
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Loads an authority from its certificate and private key in PEM text.</summary>
    /// <param name="certificatePem">The CA certificate.</param>
    /// <param name="keyPem">Its private key (PKCS#8 or SEC1 EC key).</param>
    /// <returns>The authority; the caller disposes it.</returns>
    /// <exception cref="ArgumentException">The certificate is not a CA certificate or the key is not its key.</exception>
    /// <exception cref="CryptographicException">The text holds no certificate or no P-256 key.</exception>
    public static FleetCertificateAuthority Load(string certificatePem, string keyPem)
    {
        var certificate = X509Certificate2.CreateFromPem(certificatePem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(keyPem);
            if (!CertificateFacts.IsAuthority(certificate))
            {
                throw new ArgumentException("the certificate is not a CA certificate (no basic constraints with CA true)", nameof(certificatePem));
            }

            using var publicKey = certificate.GetECDsaPublicKey();
            if (publicKey is null || !publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                throw new ArgumentException("the private key is not the CA certificate's key", nameof(keyPem));
            }

            return new FleetCertificateAuthority(new IssuedCertificate(certificate, key));
        }
        catch
        {
            key.Dispose();
            certificate.Dispose();
            throw;
        }
    }

    /// <summary>Signs a server certificate for a broker or API host.</summary>
    /// <param name="hosts">The names and addresses clients use to reach it (each an IP address or a DNS name); the first is also the CN.</param>
    /// <param name="lifetime">When it is valid.</param>
    /// <returns>The certificate with its new key; the caller disposes it.</returns>
    /// <exception cref="ArgumentException">No host, or one that is neither an IP address nor a DNS name.</exception>
    public IssuedCertificate IssueServer(IReadOnlyList<string> hosts, CertificateLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        if (hosts.Count == 0)
        {
            throw new ArgumentException("a server certificate needs at least one host name or address", nameof(hosts));
        }

        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            if (IPAddress.TryParse(host, out var address))
            {
                names.AddIpAddress(address);
            }
            else if (Uri.CheckHostName(host) == UriHostNameType.Dns)
            {
                names.AddDnsName(host);
            }
            else
            {
                throw new ArgumentException($"\"{host}\" is neither an IP address nor a DNS name", nameof(hosts));
            }
        }

        return Issue(hosts[0], ServerAuthOid, names.Build(), lifetime);
    }

    /// <summary>Signs a gateway's client certificate: its subject is <c>CN={gatewayId}</c>.</summary>
    /// <param name="gatewayId">The gateway id (the protocol's id rule).</param>
    /// <param name="lifetime">When it is valid.</param>
    /// <returns>The certificate with its new key; the caller disposes it.</returns>
    /// <exception cref="ArgumentException">The id breaks the id rule.</exception>
    public IssuedCertificate IssueClient(string gatewayId, CertificateLifetime lifetime)
    {
        if (!ProtocolId.IsValid(gatewayId))
        {
            throw new ArgumentException($"\"{gatewayId}\" must match {ProtocolId.Rule}", nameof(gatewayId));
        }

        return Issue(gatewayId, ClientAuthOid, null, lifetime);
    }

    /// <inheritdoc/>
    public void Dispose() => Authority.Dispose();

    private IssuedCertificate Issue(string commonName, string usageOid, X509Extension? alternativeNames, CertificateLifetime lifetime)
    {
        // Peers refuse a certificate that outlives its issuer: keep it within the authority's own lifetime.
        var authorityStart = new DateTimeOffset(Certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var authorityEnd = new DateTimeOffset(Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        lifetime = new CertificateLifetime(
            lifetime.NotBefore < authorityStart ? authorityStart : lifetime.NotBefore,
            lifetime.NotAfter > authorityEnd ? authorityEnd : lifetime.NotAfter);
        if (lifetime.NotAfter <= lifetime.NotBefore)
        {
            throw new ArgumentException("the lifetime lies outside the authority's own", nameof(lifetime));
        }

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var request = new CertificateRequest(new X500DistinguishedName($"CN={Escape(commonName)}"), key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usageOid)], false));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
            if (alternativeNames is not null)
            {
                request.CertificateExtensions.Add(alternativeNames);
            }

            var serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7F; // a positive serial number
            using var signer = Certificate.CopyWithPrivateKey(Authority.Key);
            var certificate = request.Create(signer, lifetime.NotBefore, lifetime.NotAfter, serial);
            return new IssuedCertificate(certificate, key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static string Escape(string value) => value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal) || value.Contains('+', StringComparison.Ordinal)
        ? "\"" + value.Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
        : value;
}
