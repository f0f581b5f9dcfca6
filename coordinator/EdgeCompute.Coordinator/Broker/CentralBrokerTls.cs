using System.Security.Cryptography.X509Certificates;
using EdgeCompute.Protocol.Tls;

namespace EdgeCompute.Coordinator.Broker;

/// <summary>The central broker's TLS pieces: the server handshake from <see cref="CentralBrokerTlsOptions"/>, and the check that a client certificate belongs to the gateway logging in.</summary>
internal static class CentralBrokerTls
{
    /// <summary>The handshake of the TLS listener, or null when TLS is off.</summary>
    /// <param name="tls">The settings (checked at start by <see cref="CentralBrokerOptionsValidator"/>; a file changed since fails here with its name).</param>
    /// <returns>The handshake, or null.</returns>
    public static TlsServerHandshake? Handshake(CentralBrokerTlsOptions? tls)
    {
        if (tls is not { Enabled: true })
        {
            return null;
        }

        var certificate = TlsFiles.ReadCertificateWithKey(tls.CertificateFile, tls.KeyFile);
        return new TlsServerHandshake(new TlsServerOptions
        {
            Certificate = certificate,
            ClientTrust = string.IsNullOrEmpty(tls.ClientCaFile) ? null : TlsFiles.ReadTrust(tls.ClientCaFile),
            HandshakeTimeout = tls.HandshakeTimeout,
        });
    }

    /// <summary>Why a client certificate (already checked against the client CA in the handshake) does not belong to <paramref name="gatewayId"/>; null when it does.</summary>
    /// <param name="certificate">The certificate the client presented.</param>
    /// <param name="gatewayId">The gateway the client logs in as (its MQTT user name, already checked against the registry).</param>
    /// <returns>The reason, or null.</returns>
    public static string? CheckClientCertificate(X509Certificate2? certificate, string gatewayId)
    {
        if (certificate is null)
        {
            return "no client certificate (this broker requires the gateway's own, from 'provision tls')";
        }

        var name = CertificateFacts.CommonName(certificate);
        return string.Equals(name, gatewayId, StringComparison.Ordinal)
            ? null
            : $"the client certificate is of CN={name}, not of gateway {gatewayId}";
    }
}
