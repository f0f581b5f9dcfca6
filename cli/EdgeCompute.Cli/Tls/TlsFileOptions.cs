using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Protocol.Tls;

namespace EdgeCompute.Cli.Tls;

/// <summary>The certificate options of the commands that speak TLS, and how their files are read: a bad file is one line naming the option (exit 78).</summary>
internal static class TlsFileOptions
{
    /// <summary>Creates <c>--ca FILE</c>.</summary>
    /// <param name="peer">Whose certificate it checks, such as <c>the gateway's device broker</c>.</param>
    /// <param name="scheme">The scheme that turns TLS on, such as <c>mqtts://</c>.</param>
    /// <returns>The option.</returns>
    public static Option<FileInfo> Ca(string peer, string scheme) => new("--ca")
    {
        Description = $"The CA certificate (PEM; the fleet's ca.pem from 'provision tls') {peer}'s certificate must chain to; with {scheme} only [default: the system's trusted roots].",
        HelpName = "FILE",
    };

    /// <summary>Creates a PEM file option.</summary>
    /// <param name="name">The option's name, such as <c>--tls-cert</c>.</param>
    /// <param name="description">The help text.</param>
    /// <returns>The option.</returns>
    public static Option<FileInfo> File(string name, string description) => new(name) { Description = description, HelpName = "FILE" };

    /// <summary>Reads the CA certificates of <c>--ca</c>.</summary>
    /// <param name="file">The file.</param>
    /// <param name="optionName">The option, for the message.</param>
    /// <returns>The certificates.</returns>
    /// <exception cref="CommandFailedException">The file cannot be used (exit 78).</exception>
    public static X509Certificate2Collection ReadTrust(FileInfo file, string optionName = "--ca")
    {
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            return TlsFiles.ReadTrust(file.FullName);
        }
        catch (TlsFileException e)
        {
            throw CommandFailedException.Configuration($"{optionName}: {e.Message}");
        }
    }

    /// <summary>Reads a certificate with its key, to check the pair before a long-running command starts.</summary>
    /// <param name="certificate">The certificate file.</param>
    /// <param name="key">The key file.</param>
    /// <param name="certificateOption">The certificate's option name.</param>
    /// <param name="keyOption">The key's option name.</param>
    /// <returns>The certificate with its key; the caller disposes it.</returns>
    /// <exception cref="CommandFailedException">A file cannot be used (exit 78).</exception>
    public static X509Certificate2 ReadPair(FileInfo certificate, FileInfo key, string certificateOption, string keyOption)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(key);
        try
        {
            return TlsFiles.ReadCertificateWithKey(certificate.FullName, key.FullName);
        }
        catch (TlsFileException e)
        {
            throw CommandFailedException.Configuration($"{(e.FilePath == key.FullName ? keyOption : certificateOption)}: {e.Message}");
        }
    }
}
