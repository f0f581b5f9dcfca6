using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace EdgeCompute.Protocol.Tls;

/// <summary>
/// Reads and writes the PEM files of <c>edgecompute provision tls</c>: certificates world-readable, private keys
/// readable by their owner only (0600, created so before the key is written). Every read failure is a
/// <see cref="TlsFileException"/> naming the file.
/// </summary>
public static class TlsFiles
{
    /// <summary>The CA certificate's file name.</summary>
    public const string AuthorityCertificate = "ca.pem";

    /// <summary>The CA key's file name (kept to sign more certificates later; keep it offline).</summary>
    public const string AuthorityKey = "ca-key.pem";

    /// <summary>The default server certificate's name (<c>server.pem</c>, <c>server-key.pem</c>).</summary>
    public const string DefaultServerName = "server";

    /// <summary>The folder of the gateways' client certificates.</summary>
    public const string GatewayFolder = "gateways";

    /// <summary>The certificate file of a name (<c>{name}.pem</c>).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The file name.</returns>
    public static string CertificateFileName(string name) => name + ".pem";

    /// <summary>The key file of a name (<c>{name}-key.pem</c>).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The file name.</returns>
    public static string KeyFileName(string name) => name + "-key.pem";

    /// <summary>Writes a certificate (mode 0644 on Unix), through a temporary file and a rename.</summary>
    /// <param name="path">The file.</param>
    /// <param name="certificate">The certificate.</param>
    public static void WriteCertificate(string path, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Write(path, certificate.ExportCertificatePem() + "\n", secret: false);
    }

    /// <summary>Writes a private key as PKCS#8 PEM, readable and writable by its owner only (0600 on Unix).</summary>
    /// <param name="path">The file.</param>
    /// <param name="key">The key.</param>
    public static void WriteKey(string path, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Write(path, key.ExportPkcs8PrivateKeyPem() + "\n", secret: true);
    }

    /// <summary>
    /// Reads the certificates a client trusts (<c>--ca</c>): one or more CA certificates in PEM. A file holding a server
    /// or client certificate instead is refused, naming what it holds.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>The certificates.</returns>
    /// <exception cref="TlsFileException">The file is missing, unreadable, holds no certificate, or one that is not a CA.</exception>
    public static X509Certificate2Collection ReadTrust(string path)
    {
        var text = ReadText(path);
        var trust = new X509Certificate2Collection();
        try
        {
            trust.ImportFromPem(text);
        }
        catch (CryptographicException e)
        {
            throw new TlsFileException(path, $"is not a PEM certificate file ({e.Message})", e);
        }

        if (trust.Count == 0)
        {
            throw new TlsFileException(path, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }

        foreach (var certificate in trust)
        {
            if (!CertificateFacts.IsAuthority(certificate))
            {
                throw new TlsFileException(path, $"holds {certificate.Subject}, which is not a CA certificate; give the fleet's {AuthorityCertificate}");
            }
        }

        return trust;
    }

    /// <summary>Reads a certificate with its private key (<c>--tls-cert</c>/<c>--tls-key</c>, <c>--client-cert</c>/<c>--client-key</c>).</summary>
    /// <param name="certificatePath">The PEM certificate.</param>
    /// <param name="keyPath">The PEM private key.</param>
    /// <returns>The certificate with its key; the caller disposes it.</returns>
    /// <exception cref="TlsFileException">A file is missing or unreadable, or the key is not the certificate's.</exception>
    public static X509Certificate2 ReadCertificateWithKey(string certificatePath, string keyPath)
    {
        var certificateText = ReadText(certificatePath);
        var keyText = ReadText(keyPath);
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certificateText);
        }
        catch (CryptographicException e)
        {
            throw new TlsFileException(certificatePath, $"holds no usable PEM certificate ({e.Message})", e);
        }

        using (certificate)
        {
            if (CertificateFacts.IsAuthority(certificate))
            {
                throw new TlsFileException(certificatePath, $"holds the CA certificate {certificate.Subject}; give a server or client certificate");
            }

            try
            {
                return X509Certificate2.CreateFromPem(certificateText, keyText);
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                throw new TlsFileException(keyPath, $"is not the private key of {certificate.Subject} in {certificatePath} ({e.Message})", e);
            }
        }
    }

    private static string ReadText(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var problem = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "does not exist",
                UnauthorizedAccessException => "cannot be read by this user",
                _ => $"cannot be read ({e.Message})",
            };
            throw new TlsFileException(path, problem, e);
        }
    }

    private static void Write(string path, string text, bool secret)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = secret
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        File.Delete(temporary); // UnixCreateMode applies only to a file this call creates
        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(new UTF8Encoding(false).GetBytes(text));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
