using EdgeCompute.Cli.Hosting;
using EdgeCompute.Cli.Tls;
using EdgeCompute.Gateway.Configuration;

namespace EdgeCompute.Cli.Gateway;

/// <summary>The certificate files of <c>edgecompute gateway</c>: the uplink's CA and client certificate, the device broker's server certificate.</summary>
/// <param name="Ca">--ca: the CA the central broker's certificate must chain to.</param>
/// <param name="ClientCertificate">--client-cert: this gateway's client certificate.</param>
/// <param name="ClientKey">--client-key: its key.</param>
/// <param name="ServerCertificate">--tls-cert: the device broker's certificate.</param>
/// <param name="ServerKey">--tls-key: its key.</param>
internal sealed record GatewayTlsFiles(FileInfo? Ca, FileInfo? ClientCertificate, FileInfo? ClientKey, FileInfo? ServerCertificate, FileInfo? ServerKey)
{
    /// <summary>Checks the options against the addresses and reads every file once, so a wrong one stops the command with its option named.</summary>
    /// <param name="broker">--broker.</param>
    /// <param name="listenTls">Whether --listen is mqtts://.</param>
    /// <param name="gatewayId">The gateway id the client certificate must name.</param>
    /// <exception cref="CommandFailedException">A usage mistake (exit 2) or a file that cannot be used (exit 78).</exception>
    public void Check(Endpoints.Endpoint broker, bool listenTls, string gatewayId)
    {
        ArgumentNullException.ThrowIfNull(broker);
        if (!broker.UsesTls && (Ca ?? ClientCertificate ?? ClientKey) is not null)
        {
            throw CommandFailedException.Usage($"--ca, --client-cert and --client-key need --broker mqtts://, not {broker.Url}");
        }

        if ((ClientCertificate is null) != (ClientKey is null))
        {
            throw CommandFailedException.Usage("--client-cert and --client-key go together");
        }

        if (listenTls && (ServerCertificate is null || ServerKey is null))
        {
            throw CommandFailedException.Usage("--listen mqtts:// needs --tls-cert and --tls-key (the device broker's certificate and key)");
        }

        if (!listenTls && (ServerCertificate ?? ServerKey) is not null)
        {
            throw CommandFailedException.Usage("--tls-cert and --tls-key need --listen mqtts://");
        }

        if (Ca is not null)
        {
            _ = TlsFileOptions.ReadTrust(Ca);
        }

        if (ClientCertificate is not null)
        {
            using var client = TlsFileOptions.ReadPair(ClientCertificate, ClientKey!, "--client-cert", "--client-key");
            if (Protocol.Tls.CertificateFacts.CommonName(client) is var name && name != gatewayId)
            {
                throw CommandFailedException.Configuration($"--client-cert: {ClientCertificate.FullName} is the certificate of CN={name}, not of gateway {gatewayId}");
            }
        }

        if (ServerCertificate is not null)
        {
            using var server = TlsFileOptions.ReadPair(ServerCertificate, ServerKey!, "--tls-cert", "--tls-key");
        }
    }

    /// <summary>Adds the settings to the gateway's configuration.</summary>
    /// <param name="settings">The configuration entries.</param>
    /// <param name="listenTls">Whether --listen is mqtts://.</param>
    public void AddTo(IDictionary<string, string?> settings, bool listenTls)
    {
        ArgumentNullException.ThrowIfNull(settings);
        const string U = nameof(GatewayOptions) + ":" + nameof(GatewayOptions.Uplink) + ":";
        const string T = nameof(GatewayOptions) + ":" + nameof(GatewayOptions.DeviceBroker) + ":" + nameof(DeviceBrokerOptions.Tls) + ":";
        Set(settings, U + nameof(UplinkOptions.CaFile), Ca);
        Set(settings, U + nameof(UplinkOptions.ClientCertificateFile), ClientCertificate);
        Set(settings, U + nameof(UplinkOptions.ClientKeyFile), ClientKey);
        if (listenTls)
        {
            settings[T + nameof(DeviceBrokerTlsOptions.Enabled)] = "true";
            Set(settings, T + nameof(DeviceBrokerTlsOptions.CertificateFile), ServerCertificate);
            Set(settings, T + nameof(DeviceBrokerTlsOptions.KeyFile), ServerKey);
        }
    }

    private static void Set(IDictionary<string, string?> settings, string key, FileInfo? file)
    {
        if (file is not null)
        {
            settings[key] = file.FullName;
        }
    }
}
