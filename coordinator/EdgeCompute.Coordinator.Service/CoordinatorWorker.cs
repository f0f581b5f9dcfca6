using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Runtime;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EdgeCompute.Coordinator.Service;

/// <summary>
/// Runs one <see cref="CoordinatorNode"/> for the host: reads the fleet's <c>coordinator.json</c> and the secrets, refuses
/// damaged stores, starts the node (broker or external broker, stores, scheduler, epochs), the HTTP API over it and the
/// watcher that keeps the registry in step with the file; stops them in reverse order. Every start failure is a
/// <see cref="CoordinatorStartException"/> naming its setting.
/// </summary>
/// <param name="service">The service's settings.</param>
/// <param name="coordinator">The coordinator's settings.</param>
/// <param name="configuration">The configuration (secrets from <c>EDGECOMPUTE_</c> variables).</param>
/// <param name="time">The clock.</param>
/// <param name="loggers">The loggers.</param>
public sealed class CoordinatorWorker(IOptions<CoordinatorServiceOptions> service, IOptions<CoordinatorOptions> coordinator, IConfiguration configuration,
    TimeProvider time, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<CoordinatorWorker>();
    private CoordinatorNode? _node;
    private WebApplication? _api;
    private RegistryFileWatcher? _watcher;
    private X509Certificate2? _httpsCertificate;

    /// <summary>Gets the running node (after start), for the commands that print what runs.</summary>
    public CoordinatorNode? Node => _node;

    /// <summary>Gets whether the API accepts deposits (an operator token was given).</summary>
    public bool DepositsOn { get; private set; }

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = service.Value;
        var options = coordinator.Value;
        var registryFile = Path.Combine(settings.FleetFolder, FleetFiles.CoordinatorFileName);
        FleetRegistry registry;
        try
        {
            registry = FleetRegistry.Load(registryFile);
        }
        catch (Exception e) when (e is ProvisioningException or System.Security.Cryptography.CryptographicException)
        {
            throw new CoordinatorStartException(CoordinatorSetting.FleetFolder, CoordinatorServiceExtensions.ConfigurationErrorExitCode, $"{registryFile}: {e.Message}", e);
        }

        var operatorToken = CoordinatorSecrets.OperatorToken(settings, configuration);
        CoordinatorSecrets.FillBrokerPassword(options, settings, configuration);
        await StoreChecks.RefuseDamagedAsync(options, cancellationToken).ConfigureAwait(false);
        _node = new CoordinatorNode(options, registry, time, loggers);
        await StartNodeAsync(_node, options, cancellationToken).ConfigureAwait(false);
        _httpsCertificate = HttpsCertificate(settings);
        _api = await CoordinatorApiHost.StartAsync(_node, IPAddress.Parse(settings.HttpAddress), settings.HttpPort, operatorToken, time, loggers, cancellationToken,
            configuration, _httpsCertificate).ConfigureAwait(false);
        DepositsOn = operatorToken is not null;

        // Key rotations, revocations and moved devices in coordinator.json take effect without a restart.
        _watcher = new RegistryFileWatcher(registry, registryFile, settings.RegistryCheckInterval, time, loggers.CreateLogger<RegistryFileWatcher>());
        var broker = options.ExternalBroker is { } external
            ? $"batches from {(external.UseTls ? "mqtts" : "mqtt")}://{external.Host}:{external.Port} as {external.UserName}"
            : $"central broker on {(options.Broker.Tls.Enabled ? "mqtts" : "mqtt")}://{options.Broker.BindAddress}:{options.Broker.Port}";
        _logger.LogInformation(
            "Coordinator started: {Broker}, API on {Http}/api, stores {Stores}, epochs of {EpochLength} (now {Epoch}), {Gateways} gateways, {Devices} devices, {Owners} owners, deposits through the API {Deposits}",
            broker, settings.HttpUrl, _node.Stores.Description, options.Epochs.EpochLength, _node.EpochClock.Current.Id, registry.Gateways.Count, registry.Devices.Count,
            registry.Owners.Count, DepositsOn ? "on" : "off");
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_watcher is { } watcher)
        {
            _watcher = null;
            await watcher.DisposeAsync().ConfigureAwait(false);
        }

        if (_api is { } api)
        {
            _api = null;
            await api.DisposeAsync().ConfigureAwait(false);
        }

        _httpsCertificate?.Dispose();
        _httpsCertificate = null;

        if (_node is { } node)
        {
            _node = null;
            await node.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The API's certificate with its key (checked at start by the validator; a file changed since fails here, naming the setting).</summary>
    private static X509Certificate2? HttpsCertificate(CoordinatorServiceOptions settings)
    {
        if (!settings.HttpUsesTls)
        {
            return null;
        }

        try
        {
            return TlsFiles.ReadCertificateWithKey(settings.HttpCertificateFile!, settings.HttpKeyFile!);
        }
        catch (TlsFileException e)
        {
            throw new CoordinatorStartException(CoordinatorSetting.HttpCertificate, CoordinatorServiceExtensions.ConfigurationErrorExitCode, e.Message, e);
        }
    }

    private static async Task StartNodeAsync(CoordinatorNode node, CoordinatorOptions options, CancellationToken cancellationToken)
    {
        var store = StoreChecks.StoreName(options);
        try
        {
            await node.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TlsFileException e)
        {
            // a certificate, key or CA file that passed the start checks and changed before the broker read it
            throw new CoordinatorStartException(options.ExternalBroker is null ? CoordinatorSetting.Broker : CoordinatorSetting.ExternalBroker,
                CoordinatorServiceExtensions.ConfigurationErrorExitCode, $"a certificate file changed since it was checked: {e.Message}", e);
        }
                catch (SocketException e) when (options.ExternalBroker is null)
        {
            throw new CoordinatorStartException(CoordinatorSetting.Broker, StartFailures.ExitCodeOf(e),
                $"{(options.Broker.Tls.Enabled ? "mqtts" : "mqtt")}://{options.Broker.BindAddress}:{options.Broker.Port}: the central broker cannot listen there ({e.Message}); is another broker or coordinator on that port?", e);
        }
        catch (Exception e) when (options.ExternalBroker is { } external && e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or SocketException)
        {
            throw new CoordinatorStartException(CoordinatorSetting.ExternalBroker, 1, $"cannot take batches from it: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException && options.PostgresConnectionString is null)
        {
            throw new CoordinatorStartException(CoordinatorSetting.DataFolder, StartFailures.ExitCodeOf(e), $"cannot use the SQLite files in {store}: {e.Message}", e);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && options.PostgresConnectionString is not null && !cancellationToken.IsCancellationRequested)
        {
            throw new CoordinatorStartException(CoordinatorSetting.PostgresConnectionString, CoordinatorServiceExtensions.ConfigurationErrorExitCode,
                $"cannot use {node.Stores?.Description ?? store}: {e.Message}", e);
        }
    }
}
