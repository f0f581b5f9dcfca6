using EdgeCompute.Protocol.Tls;

namespace EdgeCompute.Gateway.Configuration;

/// <summary>
/// Checks the TLS settings of <see cref="GatewayOptions"/> (the device broker's listener, the uplink's CA and client
/// certificate): files that exist and hold what they should, and TLS settings only where TLS is on. Every message names
/// the setting by its configuration path. Called by <see cref="GatewayOptionsValidator"/>.
/// </summary>
public static class GatewayTlsValidator
{
    /// <summary>Lists every problem with the TLS settings (empty when they are valid).</summary>
    /// <param name="options">The options.</param>
    /// <returns>One message per problem.</returns>
    public static IEnumerable<string> Check(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tls = options.DeviceBroker?.Tls ?? new DeviceBrokerTlsOptions();
        const string D = nameof(GatewayOptions) + ":DeviceBroker:Tls";
        if (tls.Enabled)
        {
            if (tls.HandshakeTimeout <= TimeSpan.Zero)
            {
                yield return $"{D}:HandshakeTimeout must be positive, found {tls.HandshakeTimeout}";
            }

            if (PairProblem(tls.CertificateFile, tls.KeyFile, $"{D}:CertificateFile", $"{D}:KeyFile") is { } problem)
            {
                yield return problem;
            }
        }
        else if (!string.IsNullOrEmpty(tls.CertificateFile) || !string.IsNullOrEmpty(tls.KeyFile))
        {
            yield return $"{D}:CertificateFile and KeyFile are set but {D}:Enabled is false (listen with mqtts:// to use them)";
        }

        var uplink = options.Uplink ?? new UplinkOptions();
        const string U = nameof(GatewayOptions) + ":Uplink";
        var uplinkTls = BrokerAddress.TryParse(uplink.BrokerUrl, uplink.UseTls, out var broker) && broker.UseTls;
        var anyUplinkFile = !string.IsNullOrEmpty(uplink.CaFile) || !string.IsNullOrEmpty(uplink.ClientCertificateFile) || !string.IsNullOrEmpty(uplink.ClientKeyFile);
        if (!uplinkTls)
        {
            if (anyUplinkFile && broker is not null)
            {
                yield return $"{U}:CaFile, ClientCertificateFile and ClientKeyFile need TLS: {U}:BrokerUrl is {uplink.BrokerUrl}; use mqtts://";
            }

            yield break;
        }

        if (!string.IsNullOrEmpty(uplink.CaFile))
        {
            string? problem = null;
            try
            {
                TlsFiles.ReadTrust(uplink.CaFile);
            }
            catch (TlsFileException e)
            {
                problem = $"{U}:CaFile {e.Message}";
            }

            if (problem is not null)
            {
                yield return problem;
            }
        }

        if (!string.IsNullOrEmpty(uplink.ClientCertificateFile) || !string.IsNullOrEmpty(uplink.ClientKeyFile))
        {
            if (PairProblem(uplink.ClientCertificateFile, uplink.ClientKeyFile, $"{U}:ClientCertificateFile", $"{U}:ClientKeyFile") is { } problem)
            {
                yield return problem;
            }
        }
    }

    /// <summary>
    /// Checks that the uplink's client certificate is this gateway's own (CN = its id): a broker that takes the identity
    /// from the certificate (Mosquitto's <c>use_identity_as_username</c>) would otherwise treat this gateway as another.
    /// </summary>
    /// <param name="options">The options (already valid by <see cref="Check"/>).</param>
    /// <param name="gatewayId">This gateway's id.</param>
    /// <returns>The problem, or null when there is no client certificate or it is this gateway's.</returns>
    public static string? CheckOwner(GatewayOptions options, string gatewayId)
    {
        ArgumentNullException.ThrowIfNull(options);
        var uplink = options.Uplink ?? new UplinkOptions();
        if (string.IsNullOrEmpty(uplink.ClientCertificateFile) || string.IsNullOrEmpty(uplink.ClientKeyFile))
        {
            return null;
        }

        const string U = nameof(GatewayOptions) + ":Uplink";
        try
        {
            using var certificate = TlsFiles.ReadCertificateWithKey(uplink.ClientCertificateFile, uplink.ClientKeyFile);
            var name = CertificateFacts.CommonName(certificate);
            return name == gatewayId ? null
                : $"{U}:ClientCertificateFile {uplink.ClientCertificateFile} is the certificate of CN={name}, not of this gateway ({gatewayId}); the broker would take this gateway for {name}";
        }
        catch (TlsFileException e)
        {
            return $"{U}:ClientCertificateFile {e.Message}";
        }
    }

    private static string? PairProblem(string certificateFile, string keyFile, string certificateSetting, string keySetting)
    {
        if (string.IsNullOrEmpty(certificateFile) || string.IsNullOrEmpty(keyFile))
        {
            return $"{certificateSetting} and {keySetting} must both name a PEM file";
        }

        try
        {
            using var certificate = TlsFiles.ReadCertificateWithKey(certificateFile, keyFile);
            return null;
        }
        catch (TlsFileException e)
        {
            return $"{(e.FilePath == keyFile ? keySetting : certificateSetting)} {e.Message}";
        }
    }
}
