using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeCompute.Client.Http;

/// <summary>
/// The handler the client makes for itself, and with <see cref="EdgeComputeClientOptions.TrustedCertificateAuthorities"/>
/// its server-certificate check: the API's certificate must chain to one of those CA certificates only (not to the
/// system's roots), be valid now, be meant for a server (serverAuth) and name the host of the base address.
/// </summary>
internal static class PrivateCaTrust
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>A connection-pooling handler; with <paramref name="trust"/>, one that checks the server against it.</summary>
    /// <param name="trust">The CA certificates to trust; null or empty for the system's roots.</param>
    /// <returns>The handler.</returns>
    public static SocketsHttpHandler Handler(X509Certificate2Collection? trust)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (trust is { Count: > 0 })
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck, // a private CA publishes no CRL
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsTrusted(trust, certificate, errors),
            };
        }

        return handler;
    }

    /// <summary>Whether a server certificate chains to <paramref name="trust"/> and names the host (the platform's name check).</summary>
    /// <param name="trust">The CA certificates.</param>
    /// <param name="certificate">The server's certificate.</param>
    /// <param name="errors">The platform's verdict; its name mismatch and missing certificate are kept, its chain verdict replaced.</param>
    /// <returns>Whether to go on.</returns>
    public static bool IsTrusted(X509Certificate2Collection trust, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trust);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthOid));
        chain.ChainPolicy.VerificationTime = DateTime.Now;
        return chain.Build(server);
    }
}
