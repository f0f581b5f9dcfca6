using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Protocol.Tls;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace EdgeCompute.Gateway.Uplink;

/// <summary>
/// The uplink's TLS: the central broker's certificate is checked against <see cref="UplinkOptions.CaFile"/> (the
/// fleet's CA; the system's roots without it) and must name the host of the broker URL; the gateway presents its
/// client certificate when one is configured. A failed connection is described in one line by
/// <see cref="Describe"/>.
/// </summary>
internal sealed class UplinkTls : IDisposable
{
    private readonly X509Certificate2? _clientCertificate;
    private TlsRefusalReason? _lastSaid;

    private UplinkTls(ServerCertificateCheck check, X509Certificate2? clientCertificate)
    {
        Check = check;
        _clientCertificate = clientCertificate;
    }

    /// <summary>Gets the server certificate check.</summary>
    public ServerCertificateCheck Check { get; }

    /// <summary>Reads the files named by the options (already checked at start).</summary>
    /// <param name="options">The uplink settings.</param>
    /// <param name="broker">The broker address.</param>
    /// <returns>The TLS settings, or null when the broker URL is plain.</returns>
    /// <exception cref="TlsFileException">A file changed since the start and cannot be used.</exception>
    public static UplinkTls? Create(UplinkOptions options, BrokerAddress broker)
    {
        if (!broker.UseTls)
        {
            return null;
        }

        var trust = string.IsNullOrEmpty(options.CaFile) ? null : TlsFiles.ReadTrust(options.CaFile);
        var check = new ServerCertificateCheck(broker.Host, broker.Port, trust, trust is null ? null : $"the CA in {options.CaFile}");
        var client = string.IsNullOrEmpty(options.ClientCertificateFile) ? null : TlsFiles.ReadCertificateWithKey(options.ClientCertificateFile, options.ClientKeyFile);
        return new UplinkTls(check, client);
    }

    /// <summary>Adds the TLS settings to a connection.</summary>
    /// <param name="builder">The client options.</param>
    /// <returns>The same builder.</returns>
    public MqttClientOptionsBuilder Apply(MqttClientOptionsBuilder builder) => builder.WithTlsOptions(o =>
    {
        o.UseTls()
            .WithTargetHost(Check.Host)
            .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
            .WithRevocationMode(X509RevocationMode.NoCheck)
            .WithCertificateValidationHandler(e => Check.Validate(null, e.Certificate, e.Chain, e.SslPolicyErrors));
        if (_clientCertificate is not null)
        {
            o.WithClientCertificates([_clientCertificate]);
        }
    });

    /// <summary>Describes a failed connection when TLS was its cause.</summary>
    /// <param name="error">What the connect call threw.</param>
    /// <returns>The refusal, or null when the failure was not a TLS matter.</returns>
    public TlsRefusal? Describe(Exception error) => TlsClientFailure.Describe(error, Check)
        ?? (error is MQTTnet.Adapter.MqttConnectingFailedException { InnerException: MQTTnet.Exceptions.MqttCommunicationException } ? TlsClientFailure.ClosedAfterHandshake(Check) : null);

    /// <summary>Says a refusal as a warning once, and again only when its reason changes (the same refusal may reach the client as a close or a reset).</summary>
    /// <param name="refusal">The refusal.</param>
    /// <param name="logger">The uplink's logger.</param>
    public void Report(TlsRefusal refusal, ILogger logger)
    {
        if (refusal.Reason == _lastSaid)
        {
            logger.LogDebug("Central broker refused in TLS again: {Refusal}", refusal.Message);
            return;
        }

        _lastSaid = refusal.Reason;
        logger.LogWarning("Central broker refused in TLS: {Refusal}; retrying with backoff (said again only if the reason changes)", refusal.Message);
    }

    /// <summary>Forgets what was said, after a connection succeeded.</summary>
    public void Connected() => _lastSaid = null;

    /// <inheritdoc/>
    public void Dispose() => _clientCertificate?.Dispose();
}
