using EdgeCompute.Cli.Hosting;
using EdgeCompute.Protocol.Tls;

namespace EdgeCompute.Cli.Provision;

/// <summary>
/// The mosquitto.conf lines of <c>provision mosquitto --tls</c>. Gateways connect to a listener that requires a client
/// certificate from the fleet CA and takes the certificate's CN (the gateway id) as the user name
/// (<c>use_identity_as_username</c>): the ACL file, written per user name = gateway id, then applies to the
/// certificate's owner, and the password file is not consulted there. The coordinator, which has a password and no
/// certificate, connects to a second TLS listener that checks the password file.
/// </summary>
internal static class MosquittoTlsLines
{
    /// <summary>Checks that the folder holds the CA and the server certificate and key.</summary>
    /// <param name="folder">The folder from <c>--tls</c>.</param>
    /// <returns>The full path.</returns>
    /// <exception cref="CommandFailedException">A file is missing (exit 78).</exception>
    public static string Check(string folder)
    {
        var full = Path.GetFullPath(folder);
        foreach (var name in new[] { TlsFiles.AuthorityCertificate, TlsFiles.CertificateFileName(TlsFiles.DefaultServerName), TlsFiles.KeyFileName(TlsFiles.DefaultServerName) })
        {
            if (!File.Exists(Path.Combine(full, name)))
            {
                throw CommandFailedException.Configuration($"--tls: {full} has no {name}; make it with 'edgecompute provision tls --out {full}'");
            }
        }

        return full;
    }

    /// <summary>Prints the listener lines and how Mosquitto gets read access to its key.</summary>
    /// <param name="o">The output.</param>
    /// <param name="folder">The TLS folder.</param>
    /// <param name="gatewayPort">The gateways' listener port.</param>
    /// <param name="coordinatorPort">The coordinator's listener port.</param>
    /// <returns>A task that completes when written.</returns>
    public static async Task WriteAsync(TextWriter o, string folder, int gatewayPort, int coordinatorPort)
    {
        ArgumentNullException.ThrowIfNull(o);
        var ca = Path.Combine(folder, TlsFiles.AuthorityCertificate);
        var certificate = Path.Combine(folder, TlsFiles.CertificateFileName(TlsFiles.DefaultServerName));
        var key = Path.Combine(folder, TlsFiles.KeyFileName(TlsFiles.DefaultServerName));
        await o.WriteLineAsync("TLS listeners (keep per_listener_settings false, the default: the password and ACL files above apply to every listener):").ConfigureAwait(false);
        await o.WriteLineAsync($"  # gateways: a client certificate from the fleet CA is required; its CN (the gateway id) is the user name the ACL names").ConfigureAwait(false);
        await Listener(o, gatewayPort, ca, certificate, key).ConfigureAwait(false);
        await o.WriteLineAsync("  require_certificate true").ConfigureAwait(false);
        await o.WriteLineAsync("  use_identity_as_username true").ConfigureAwait(false);
        await o.WriteLineAsync("  # the coordinator: TLS, then its user name and password").ConfigureAwait(false);
        await Listener(o, coordinatorPort, ca, certificate, key).ConfigureAwait(false);
        await o.WriteLineAsync($"Mosquitto reads {key} as the mosquitto user, and the key is readable by its owner only: chgrp mosquitto {key} && chmod 0640 {key}").ConfigureAwait(false);
        await o.WriteLineAsync($"(or copy it into /etc/mosquitto/certs owned by mosquitto with mode 0600). Its folder must be searchable by that user. Gateways connect with --broker mqtts://HOST:{gatewayPort} --ca ca.pem --client-cert gateways/<id>.pem --client-key gateways/<id>-key.pem.").ConfigureAwait(false);
    }

    private static async Task Listener(TextWriter o, int port, string ca, string certificate, string key)
    {
        await o.WriteLineAsync($"  listener {port}").ConfigureAwait(false);
        await o.WriteLineAsync($"  cafile {ca}").ConfigureAwait(false);
        await o.WriteLineAsync($"  certfile {certificate}").ConfigureAwait(false);
        await o.WriteLineAsync($"  keyfile {key}").ConfigureAwait(false);
        await o.WriteLineAsync("  tls_version tlsv1.2").ConfigureAwait(false);
    }
}
