using EdgeCompute.Cli.Endpoints;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Cli.Tls;
using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Coordinator.Runtime;
using EdgeCompute.Coordinator.Service;

namespace EdgeCompute.Cli.Coordinator;

/// <summary>The certificate files of <c>edgecompute coordinator</c>: the fleet CA, and the server certificate of its TLS listeners.</summary>
/// <param name="Ca">--ca: with <c>--broker mqtts://</c> the CA the external broker's certificate must chain to; with <c>--listen mqtts://</c> the CA gateways' client certificates must chain to.</param>
/// <param name="ServerCertificate">--tls-cert: the certificate of the TLS listeners (<c>--listen mqtts://</c>, <c>--http https://</c>).</param>
/// <param name="ServerKey">--tls-key: its key.</param>
internal sealed record CoordinatorTlsFiles(FileInfo? Ca, FileInfo? ServerCertificate, FileInfo? ServerKey)
{
    /// <summary>Checks the options against the addresses and reads every file once, so a wrong one stops the command with its option named.</summary>
    /// <param name="listen">--listen (or its default); ignored with an external broker.</param>
    /// <param name="broker">--broker, when given.</param>
    /// <param name="http">--http (or its default).</param>
    /// <exception cref="CommandFailedException">A usage mistake (exit 2) or a file that cannot be used (exit 78).</exception>
    public void Check(Endpoint listen, Endpoint? broker, Endpoint http)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(http);
        var listenTls = broker is null && listen.UsesTls;
        if (Ca is not null && broker is not { UsesTls: true } && !listenTls)
        {
            throw CommandFailedException.Usage($"--ca needs --broker mqtts:// or --listen mqtts://{(broker is null ? "" : $", not --broker {broker.Url}")}");
        }

        if (listenTls && (ServerCertificate is null || ServerKey is null))
        {
            throw CommandFailedException.Usage("--listen mqtts:// needs --tls-cert and --tls-key (the central broker's certificate and key, such as server.pem and server-key.pem from 'provision tls')");
        }

        if (http.UsesTls && (ServerCertificate is null || ServerKey is null))
        {
            throw CommandFailedException.Usage("--http https:// needs --tls-cert and --tls-key (the API's certificate and key, such as server.pem and server-key.pem from 'provision tls')");
        }

        if (!listenTls && !http.UsesTls && (ServerCertificate ?? ServerKey) is not null)
        {
            throw CommandFailedException.Usage("--tls-cert and --tls-key need --listen mqtts:// or --http https://");
        }

        if (Ca is not null)
        {
            _ = TlsFileOptions.ReadTrust(Ca);
        }

        if (ServerCertificate is not null)
        {
            using var _ = TlsFileOptions.ReadPair(ServerCertificate, ServerKey!, "--tls-cert", "--tls-key");
        }
    }

    /// <summary>Adds the settings to the coordinator's configuration.</summary>
    /// <param name="settings">The configuration entries.</param>
    /// <param name="listen">--listen (or its default).</param>
    /// <param name="broker">--broker, when given.</param>
    /// <param name="http">--http (or its default).</param>
    public void AddTo(IDictionary<string, string?> settings, Endpoint listen, Endpoint? broker, Endpoint http)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(listen);
        const string C = CoordinatorServiceExtensions.CoordinatorSection + ":";
        const string X = C + nameof(CoordinatorOptions.ExternalBroker) + ":";
        const string T = C + nameof(CoordinatorOptions.Broker) + ":" + nameof(CentralBrokerOptions.Tls) + ":";
        if (broker is { UsesTls: true })
        {
            settings[X + nameof(ExternalBrokerOptions.UseTls)] = "true";
            Set(settings, X + nameof(ExternalBrokerOptions.CaFile), Ca);
        }
        else if (broker is null && listen.UsesTls)
        {
            settings[T + nameof(CentralBrokerTlsOptions.Enabled)] = "true";
            Set(settings, T + nameof(CentralBrokerTlsOptions.CertificateFile), ServerCertificate);
            Set(settings, T + nameof(CentralBrokerTlsOptions.KeyFile), ServerKey);
            Set(settings, T + nameof(CentralBrokerTlsOptions.ClientCaFile), Ca);
        }

        if (http.UsesTls)
        {
            const string S = CoordinatorServiceExtensions.ServiceSection + ":";
            Set(settings, S + nameof(CoordinatorServiceOptions.HttpCertificateFile), ServerCertificate);
            Set(settings, S + nameof(CoordinatorServiceOptions.HttpKeyFile), ServerKey);
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
