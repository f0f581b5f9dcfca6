using System.Reflection;
using EdgeCompute.Gateway.Bridges;
using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Gateway.DeviceBroker;
using EdgeCompute.Gateway.Dispatch;
using EdgeCompute.Gateway.EdgeTasks;
using EdgeCompute.Gateway.EdgeTasks.Blobs;
using EdgeCompute.Gateway.Ingest;
using EdgeCompute.Gateway.LocalStore;
using EdgeCompute.Gateway.Metrics;
using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Gateway.Sensors;
using EdgeCompute.Gateway.Uplink;
using EdgeCompute.Protocol.Provisioning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.Runtime;

/// <summary>
/// One running gateway: the composition root that the service host and <c>edgecompute demo</c> both run. Opens the
/// outbox in <see cref="GatewayOptions.DataFolder"/>, starts the device broker with ingest, the uplink to the central
/// broker and the task dispatcher fed by the uplink's verified tasks; stops them in the reverse order. Optional parts:
/// the local data store (<see cref="GatewayOptions.LocalStore"/>, fed with device and gateway windows), the WebAssembly
/// task runner (<see cref="GatewayOptions.Wasm"/>, unless a runner is given), the own-sensor sampler (when sensors
/// are given), whose windows go upstream as item kind 2, and the bridges (<see cref="IGatewayBridge"/>, each off unless
/// its options turn it on), fed after the outbox commit through their own bounded queues.
/// </summary>
/// <remarks>
/// The node reads nothing but what it is given: the options and this gateway's own file (see <see cref="FromFile"/>).
/// It can be started once; <see cref="StopAsync"/> (or disposal) stops it for good.
/// </remarks>
public sealed class GatewayNode : IAsyncDisposable
{
    private readonly GatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IGatewayTaskRunner? _taskRunner;
    private readonly IGatewayResources? _resources;
    private readonly GatewaySensorSet? _sensors;
    private readonly Random? _random;
    private readonly IGatewayBridge[] _bridges;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private OutboxStore? _outbox;
    private FrameIngest? _ingest;
    private DeviceBrokerServer? _broker;
    private TaskDispatcher? _dispatcher;
    private UplinkClient? _uplink;
    private LocalWindowStore? _localStore;
    private LocalStoreFeed? _localFeed;
    private EdgeTaskPool? _pool;
    private WasmTaskRunner? _wasmRunner;
    private TaskBlobs? _blobs;
    private GatewayTelemetrySampler? _sampler;
    private BridgeFeed? _bridgeFeed;
    private GatewayMetrics? _metrics;
    private Task _dispatchLoop = Task.CompletedTask;
    private bool _started;
    private bool _stopped;

    /// <summary>Creates a node (not started); the options are checked here.</summary>
    /// <param name="options">The gateway settings.</param>
    /// <param name="gateway">This gateway's own file (keys, credentials, its devices).</param>
    /// <param name="time">The clock (batch ages, resends, deadlines); the system clock when null.</param>
    /// <param name="loggerFactory">Creates the parts' loggers.</param>
    /// <param name="taskRunner">Runs gateway-targeted (WebAssembly) tasks; null hands them back refused.</param>
    /// <param name="resources">Free resources for the birth and status; <c>/proc</c> when null.</param>
    /// <param name="sensors">The gateway's own sensors; null or none for no sampler.</param>
    /// <param name="random">The uplink's reconnect jitter source (seeded in tests); <see cref="Random.Shared"/> when null.</param>
    /// <param name="bridges">The bridges (Home Assistant, Sparkplug); those enabled are started with the node and owned by it.</param>
    /// <exception cref="OptionsValidationException">A setting is invalid; the message names it.</exception>
    public GatewayNode(
        GatewayOptions options,
        GatewayFile gateway,
        TimeProvider? time = null,
        ILoggerFactory? loggerFactory = null,
        IGatewayTaskRunner? taskRunner = null,
        IGatewayResources? resources = null,
        GatewaySensorSet? sensors = null,
        Random? random = null,
        IEnumerable<IGatewayBridge>? bridges = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
        var failures = GatewayOptionsValidator.Check(options).ToList();
        if (failures.Count == 0 && GatewayTlsValidator.CheckOwner(options, Gateway.GatewayId) is { } notOurs)
        {
            failures.Add(notOurs); // only the node knows the gateway id the client certificate must name
        }
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(nameof(GatewayOptions), typeof(GatewayOptions), failures);
        }

        _options = options;
        _time = time ?? TimeProvider.System;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<GatewayNode>();
        _taskRunner = taskRunner;
        _resources = resources;
        _sensors = sensors;
        _random = random;
        _bridges = bridges?.Where(b => b.IsEnabled).ToArray() ?? [];
    }

    /// <summary>Gets this gateway's file.</summary>
    public GatewayFile Gateway { get; }

    /// <summary>Gets the path of the outbox database.</summary>
    public string OutboxPath => Path.Combine(_options.DataFolder, _options.Outbox.FileName);

    /// <summary>Gets whether the node is started and not yet stopped.</summary>
    public bool IsRunning => _started && !_stopped;

    /// <summary>Gets the outbox (after <see cref="StartAsync"/>).</summary>
    public OutboxStore Outbox => _outbox ?? throw NotStarted();

    /// <summary>Gets the device message ingest (after <see cref="StartAsync"/>).</summary>
    public FrameIngest Ingest => _ingest ?? throw NotStarted();

    /// <summary>Gets the embedded device broker (after <see cref="StartAsync"/>).</summary>
    public DeviceBrokerServer Broker => _broker ?? throw NotStarted();

    /// <summary>Gets the uplink to the central broker (after <see cref="StartAsync"/>).</summary>
    public UplinkClient Uplink => _uplink ?? throw NotStarted();

    /// <summary>Gets the task dispatcher (after <see cref="StartAsync"/>).</summary>
    public TaskDispatcher Dispatcher => _dispatcher ?? throw NotStarted();

    /// <summary>Gets the local data store (after <see cref="StartAsync"/>); null when <see cref="GatewayOptions.LocalStore"/> is off.</summary>
    public LocalWindowStore? LocalStore => _localStore;

    /// <summary>Gets the feed of the local data store (after <see cref="StartAsync"/>); null when the store is off.</summary>
    public LocalStoreFeed? LocalFeed => _localFeed;

    /// <summary>Gets the WebAssembly task runner (after <see cref="StartAsync"/>); null when off or when another runner was given.</summary>
    public WasmTaskRunner? WasmRunner => _wasmRunner;

    /// <summary>Gets the own-sensor sampler (after <see cref="StartAsync"/>); null without sensors.</summary>
    public GatewayTelemetrySampler? Sampler => _sampler;

    /// <summary>Gets the node's metric instruments (after <see cref="StartAsync"/>).</summary>
    public GatewayMetrics Metrics => _metrics ?? throw NotStarted();

    /// <summary>Gets the bridges that are on (started with the node).</summary>
    public IReadOnlyList<IGatewayBridge> Bridges => _bridges;

    /// <summary>Reads this gateway's file from <see cref="GatewayOptions.GatewayFile"/> and creates a node over it.</summary>
    /// <param name="options">The gateway settings.</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggerFactory">Creates the parts' loggers.</param>
    /// <param name="taskRunner">Runs gateway-targeted tasks; null for the built-in WebAssembly runner (or, with it off, hands them back refused).</param>
    /// <param name="sensors">The gateway's own sensors; null for none.</param>
    /// <param name="bridges">The bridges; those enabled are started with the node.</param>
    /// <returns>The node (not started).</returns>
    /// <exception cref="ProvisioningException">The gateway file is missing or invalid.</exception>
    /// <exception cref="OptionsValidationException">A setting is invalid.</exception>
    public static GatewayNode FromFile(GatewayOptions options, TimeProvider? time = null, ILoggerFactory? loggerFactory = null, IGatewayTaskRunner? taskRunner = null, GatewaySensorSet? sensors = null, IEnumerable<IGatewayBridge>? bridges = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new GatewayNode(options, FleetFiles.ReadGateway(options.GatewayFile), time, loggerFactory, taskRunner, resources: null, sensors, random: null, bridges);
    }

    /// <summary>
    /// Opens the outbox, starts the device broker, the uplink and the dispatcher. On a failure (port in use, data folder
    /// not writable) everything already started is stopped again and the exception propagates.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when devices can connect.</returns>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            if (_started)
            {
                return;
            }

            _started = true;
            try
            {
                await StartPartsAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _stopped = true;
                await StopPartsAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Stops the dispatcher, the device broker (devices are disconnected; their pending tasks are handed back for
    /// reissue), the uplink (publishing <c>offline</c>) and closes the outbox after its queued writes.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait for the lifecycle lock only; stopping itself runs to the end.</param>
    /// <returns>A task that completes when stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            await StopPartsAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Whether the node can take device data now: started, its device broker listening and its outbox accepting writes
    /// (not refusing them for a full disk). The uplink is reported beside it and never makes the node unready: an outage
    /// of the central broker is what the outbox is for.
    /// </summary>
    /// <returns>The readiness.</returns>
    public GatewayReadiness Readiness()
    {
        var running = IsRunning;
        var listening = running && _broker is { Server.IsStarted: true };
        var writable = running && _outbox is { IsDiskFull: false };
        var uplink = running && _uplink is { IsConnected: true };
        return new GatewayReadiness(listening && writable, running, listening, writable, uplink);
    }

    /// <summary>Takes a snapshot of every part's counters.</summary>
    /// <returns>The snapshot.</returns>
    public GatewayNodeCounters Counters() => new(
        Ingest.Outcomes.Snapshot(),
        Broker.Refusals.Snapshot(),
        Outbox.Counters(),
        Uplink.Events.Snapshot(),
        Dispatcher.Events.Snapshot(),
        Dispatcher.PendingTasks,
        Uplink.IsConnected);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
        _lifecycle.Dispose();
    }

    private async Task StartPartsAsync(CancellationToken cancellationToken)
    {
        var devices = Gateway.Devices.Select(d => d.DeviceId).ToArray();
        _outbox = OutboxStore.Open(OutboxPath, _options.Outbox, _time, _loggerFactory.CreateLogger<OutboxStore>());
        if (_options.LocalStore.Enabled)
        {
            _localStore = new LocalWindowStore(_options.LocalStore.ToStoreOptions(_options.DataFolder), _time);
            _localFeed = new LocalStoreFeed(_localStore, _options.LocalStore.PruneInterval, _time, _loggerFactory.CreateLogger<LocalStoreFeed>());
        }

        if (_bridges.Length > 0)
        {
            var context = new BridgeContext(Gateway.GatewayId, devices, _options.DataFolder, SoftwareVersion(), _time, _loggerFactory);
            foreach (var bridge in _bridges)
            {
                // Returns at once: a bridge connects in its own loop, so a broker that is down never delays the gateway.
                await bridge.StartAsync(context, cancellationToken).ConfigureAwait(false);
            }

            _bridgeFeed = new BridgeFeed(_bridges);
        }

        _ingest = new FrameIngest(_outbox, _options.DeviceBroker.MaxPayloadBytes, _loggerFactory.CreateLogger<FrameIngest>(), StoredFrameObservers.Of(_localFeed, _bridgeFeed), _time);
        var runner = _taskRunner;
        if (runner is null && _options.Wasm.Enabled)
        {
            _pool = new EdgeTaskPool(_options.Wasm.ToPoolOptions(), _time, _localStore);
            _blobs = CoordinatorApiAddress.Resolve(_options, Gateway) is { } api ? TaskBlobs.Open(_options, api, Gateway, _time, _loggerFactory) : null;
            runner = _wasmRunner = new WasmTaskRunner(
                _pool, _outbox, Gateway.GatewayId, _options.Wasm.MaxMemoryBytes, _options.Wasm.MaxDeadline, _time, _loggerFactory.CreateLogger<WasmTaskRunner>(), _blobs);
        }

        _broker = new DeviceBrokerServer(_options.DeviceBroker, new DeviceAuthenticator(Gateway.Devices), _ingest, _time, _loggerFactory.CreateLogger<DeviceBrokerServer>());
        _dispatcher = new TaskDispatcher(_broker, _outbox, Gateway.GatewayId, devices, runner, _time, _loggerFactory.CreateLogger<TaskDispatcher>());
        cancellationToken.ThrowIfCancellationRequested();
        await _broker.StartAsync().ConfigureAwait(false);
        var broker = _broker;
        _uplink = new UplinkClient(_options, Gateway, _outbox, devices, _resources, _time, _random, _loggerFactory.CreateLogger<UplinkClient>())
        {
            ConnectedDevices = () => broker.ConnectedDevices,
        };
        _uplink.Start();
        _dispatchLoop = _dispatcher.RunAsync(_uplink.Tasks, _stop.Token);
        _metrics = new GatewayMetrics(Gateway.GatewayId, _outbox, _ingest, _broker, _uplink, _dispatcher);
        if (_sensors is { Sensors.Count: > 0 })
        {
            _sampler = new GatewayTelemetrySampler(
                Gateway.GatewayId,
                _sensors.Sensors,
                new GatewayTelemetryRecorder(_outbox, _localFeed, _bridgeFeed),
                Options.Create(_sensors.Options),
                _time,
                _loggerFactory.CreateLogger<GatewayTelemetrySampler>());
            await _sampler.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        _logger.LogInformation(
            "Gateway {GatewayId} started: boot {Boot}, device broker on {Address}:{Port} for {Devices} devices, outbox {Outbox}, central broker {BrokerUrl}, gateway tasks {Runner}, local store {LocalStore}, own sensors {Sensors}, bridges {Bridges}",
            Gateway.GatewayId,
            _outbox.Boot,
            _options.DeviceBroker.BindAddress,
            _options.DeviceBroker.Port,
            devices.Length,
            OutboxPath,
            _options.Uplink.BrokerUrl,
            _wasmRunner is not null ? $"WebAssembly on {_options.Wasm.EffectiveConcurrency} workers{(_blobs is null ? " (no coordinator API: wasm.blob not offered)" : $", wasm.blob from {CoordinatorApiAddress.Resolve(_options, Gateway)} cached in {_blobs.Modules.Folder}")}" : runner is null ? "handed back (no runner)" : "run here",
            _localStore is null ? "off" : _options.LocalStore.ToStoreOptions(_options.DataFolder).DatabasePath,
            _sampler?.Channels.Count ?? 0,
            _bridges.Length == 0 ? "none" : string.Join(", ", _bridges.Select(b => b.Name)));
    }

    private async Task StopPartsAsync()
    {
        if (_sampler is not null)
        {
            // Its partial window still goes to the outbox, so it stops first.
            await _sampler.StopAsync(CancellationToken.None).ConfigureAwait(false);
            _sampler.Dispose();
        }

        _metrics?.Dispose();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _dispatchLoop.ConfigureAwait(false);
        if (_broker is not null)
        {
            await _broker.DisposeAsync().ConfigureAwait(false);
        }

        if (_dispatcher is not null)
        {
            await _dispatcher.DisposeAsync().ConfigureAwait(false);
        }

        if (_wasmRunner is not null)
        {
            // Running tasks are cancelled and their results (status 9) stored before the outbox closes.
            await _wasmRunner.DisposeAsync().ConfigureAwait(false);
        }

        _blobs?.Dispose(); // fetches under way stop; their verified chunks stay for the next start
        _pool?.Dispose();
        if (_uplink is not null)
        {
            await _uplink.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var bridge in _bridges)
        {
            await bridge.DisposeAsync().ConfigureAwait(false);
        }

        if (_localFeed is not null)
        {
            await _localFeed.DisposeAsync().ConfigureAwait(false);
        }

        _localStore?.Dispose();
        if (_outbox is not null)
        {
            await _outbox.DisposeAsync().ConfigureAwait(false);
            _logger.LogInformation("Gateway {GatewayId} stopped", Gateway.GatewayId);
        }
    }

    private static string SoftwareVersion() =>
        typeof(GatewayNode).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(GatewayNode).Assembly.GetName().Version?.ToString()
        ?? "0";

    private static InvalidOperationException NotStarted() => new("the gateway node is not started");
}
