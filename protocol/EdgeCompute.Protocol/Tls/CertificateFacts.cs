using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace EdgeCompute.Protocol.Tls;

/// <summary>What a certificate says, read the same way wherever it is checked.</summary>
public static class CertificateFacts
{
    /// <summary>Whether the certificate is a CA certificate (basic constraints with CA true).</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>True for a CA.</returns>
    public static bool IsAuthority(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);
    }

    /// <summary>The subject's common name (<c>CN</c>), or null without one.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The common name.</returns>
    public static string? CommonName(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var name = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return string.IsNullOrEmpty(name) ? null : name;
    }

    /// <summary>The names and addresses a server certificate is for, as <c>DNS:name, IP:address</c>.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The list, or the CN when it has no subject alternative names.</returns>
    public static string Names(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var text = new StringBuilder();
        foreach (var names in certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>())
        {
            foreach (var dns in names.EnumerateDnsNames())
            {
                text.Append(text.Length == 0 ? "" : ", ").Append("DNS:").Append(dns);
            }

            foreach (var address in names.EnumerateIPAddresses())
            {
                text.Append(text.Length == 0 ? "" : ", ").Append("IP:").Append(address);
            }
        }

        return text.Length > 0 ? text.ToString() : $"CN={CommonName(certificate)}";
    }
}
