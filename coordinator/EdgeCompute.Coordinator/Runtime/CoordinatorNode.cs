using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Epochs;
using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Coordinator.Metrics;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Storage.Blobs;
using EdgeCompute.Coordinator.Storage.Ledger;
using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCompute.Coordinator.Runtime;

/// <summary>
/// One running coordinator: the composition root the <c>edgecompute coordinator</c> command and <c>edgecompute demo</c>
/// both run. Opens the stores, builds the node directory and the work use cases, starts batch ingest behind the embedded
/// central broker (or an external broker's shared subscription), then runs the scheduler and the epoch closer on the
/// clock — on PostgreSQL only in the replica holding the scheduler lease (<see cref="PostgresSchedulerLease"/>). It reads
/// nothing but its options and the coordinator registry it is given.
/// </summary>
public sealed class CoordinatorNode : IAsyncDisposable
{
    private readonly CoordinatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SwitchablePublisher _publisher = new();
    private CentralBrokerServer? _broker;
    private ExternalBrokerIngest? _external;
    private Task _pumpLoop = Task.CompletedTask;
    private Task _epochLoop = Task.CompletedTask;
    private Task _blobLoop = Task.CompletedTask;
    private Task _auditLoop = Task.CompletedTask;
    private ISchedulerLease _lease = SoleSchedulerLease.Instance;
    private bool _started;

    /// <summary>Creates the node (not started); the options are checked here.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="registry">The coordinator registry (owners, gateways, devices, the coordinator key).</param>
    /// <param name="time">The clock; the system clock when null.</param>
    /// <param name="loggerFactory">Creates the parts' loggers.</param>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public CoordinatorNode(CoordinatorOptions options, FleetRegistry registry, TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        Registry = registry ?? throw new ArgumentNullException(nameof(registry));
        if (new CoordinatorOptionsValidator().Validate(null, options) is { Failed: true } invalid)
        {
            throw new ArgumentException("coordinator settings: " + invalid.FailureMessage, nameof(options));
        }

        _time = time ?? TimeProvider.System;
        _loggers = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<CoordinatorNode>();
        Nodes = new NodeDirectory(options.Nodes, _time);
        EpochClock = new EpochClock(options.Epochs, _time);
    }

    /// <summary>Gets the settings it runs with.</summary>
    public CoordinatorOptions Options => _options;

    /// <summary>Gets the registry.</summary>
    public FleetRegistry Registry { get; }

    /// <summary>Gets the node directory.</summary>
    public NodeDirectory Nodes { get; }

    /// <summary>Gets the epoch clock.</summary>
    public EpochClock EpochClock { get; }

    /// <summary>Gets the stores (after start).</summary>
    public CoordinatorStores Stores { get; private set; } = null!;

    /// <summary>Gets the work use cases (after start).</summary>
    public WorkUseCases Work { get; private set; } = null!;

    /// <summary>Gets the batch ingestor (after start).</summary>
    public BatchIngestor Ingestor { get; private set; } = null!;

    /// <summary>Gets the metric instruments and their Prometheus exporter (after start).</summary>
    public CoordinatorMetrics Metrics { get; private set; } = null!;

    /// <summary>Gets the blob sweep (after start).</summary>
    public BlobSweeper BlobSweeper { get; private set; } = null!;

    /// <summary>Gets whether the broker gateways reach is up: the embedded broker started, or the external broker's session connected.</summary>
    public bool IsBrokerUp => _broker is { IsStarted: true } || _external is { IsConnected: true };

    /// <summary>Gets the epoch settlement (after start).</summary>
    public EpochSettlement Settlement { get; private set; } = null!;

    /// <summary>Gets whether this process runs the scheduler and the epoch closer now (always, unless replicas share PostgreSQL).</summary>
    public bool IsScheduler => _lease.IsHeld;

    /// <summary>Gets the external-broker client, when there is one.</summary>
    public ExternalBrokerIngest? External => _external;

    /// <summary>Gets the ledger auditor (its last result for the API).</summary>
    public LedgerAuditor LedgerAuditor { get; private set; } = null!;

    /// <summary>Gets the embedded broker, when there is one.</summary>
    public CentralBrokerServer? Broker => _broker;

    /// <summary>Opens the stores, starts ingest and the broker, then the scheduler and epoch loops.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the coordinator is ready.</returns>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            throw new InvalidOperationException("the coordinator node was started already");
        }

        _started = true;
        Stores = await CoordinatorStores.OpenAsync(_options, _time, cancellationToken).ConfigureAwait(false);
        var work = _options.Work;
        if (_options.PostgresConnectionString is { } postgres)
        {
            // Replicas may share this database: one of them schedules and closes epochs, and it recounts the work out
            // each pass because the others take in results too.
            _lease = new PostgresSchedulerLease(postgres, _loggers.CreateLogger<PostgresSchedulerLease>());
            work = work.Copy();
            work.RecountOutstandingEachPass = true;
        }

        Work = new WorkUseCases(Stores.Work, Stores.Ledger, Registry, Nodes, _publisher, EpochClock, work, _time, _loggers.CreateLogger<WorkUseCases>(), blobs: Stores.Blobs);
        await Work.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var reconciled = await Work.Settlement.ReconcileFundsAsync(cancellationToken).ConfigureAwait(false);
        if (reconciled > 0)
        {
            _logger.LogWarning("Booked {Count} job fees or refunds that a previous run left unbooked", reconciled);
        }

        if (Stores.Telemetry is IDeviceNodeReader deviceNodes)
        {
            var stored = await deviceNodes.ReadDeviceNodesAsync(cancellationToken).ConfigureAwait(false);
            var (restored, unreadable) = Nodes.Restore(stored, id => Registry.FindDevice(id, out _) == RegistryLookup.Found);
            _logger.LogInformation("Restored {Restored} of {Stored} stored devices into the node directory ({Unreadable} with an unreadable birth)", restored, stored.Count, unreadable);
        }

        if (Stores.Telemetry is INodeSeenReader seen)
        {
            var times = await seen.ReadNodesSeenAsync(cancellationToken).ConfigureAwait(false);
            var restoredTimes = Nodes.RestoreLastSeen(times, (id, isGateway) =>
                (isGateway ? Registry.FindGateway(id, out _) : Registry.FindDevice(id, out _)) == RegistryLookup.Found);
            _logger.LogInformation("Restored the last-seen time of {Restored} nodes", restoredTimes);
        }

        if (Stores.Telemetry is IGatewayStatusReader statuses)
        {
            var stored = await statuses.ReadGatewayStatusesAsync(cancellationToken).ConfigureAwait(false);
            var restoredStatuses = Nodes.RestoreGatewayStatus(stored.Where(s => Registry.FindGateway(s.GatewayId, out _) == RegistryLookup.Found));
            _logger.LogInformation("Restored the last status of {Restored} gateways", restoredStatuses);
        }

        Ingestor = new BatchIngestor(Registry, Stores.Telemetry, Work.Results, Work.Results, new BatchIngestorOptions(), _time, _loggers.CreateLogger<BatchIngestor>(), Nodes);
        Settlement = new EpochSettlement(_options.Epochs, _time, Registry, Stores.Ledger, Stores.Work, Stores.Windows, _options.Settlement);
        if (_options.ExternalBroker is { } external)
        {
            _external = new ExternalBrokerIngest(external, Ingestor, _time, _loggers.CreateLogger<ExternalBrokerIngest>(), Nodes);
            _publisher.Target = new ExternalTaskPublisher(_external);
            await _external.StartAsync(cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Coordinator on {Stores}, taking batches from {Host}:{Port} (shared group {Group})", Stores.Description, external.Host, external.Port,
                external.ShareGroup);
        }
        else
        {
            _broker = new CentralBrokerServer(_options.Broker, Registry, Ingestor, _loggers.CreateLogger<CentralBrokerServer>(), Nodes, _time);
            _publisher.Target = new EmbeddedTaskPublisher(_broker);
            await _broker.StartAsync().ConfigureAwait(false);
            _logger.LogInformation("Coordinator on {Stores}, central broker on {Address}:{Port}", Stores.Description, _options.Broker.BindAddress, _options.Broker.Port);
        }

        Metrics = new CoordinatorMetrics(Stores, Ingestor, Work.Counters, Nodes);
        _pumpLoop = RunLoopAsync("scheduler", _options.PumpInterval, async ct =>
        {
            if (await _lease.HoldAsync(ct).ConfigureAwait(false))
            {
                await Work.Issue.PumpAsync(ct).ConfigureAwait(false);
            }
        });
        BlobSweeper = new BlobSweeper(Stores.Blobs, Stores.Work, _options.Blobs, _time);
        _blobLoop = RunLoopAsync("blob sweep", _options.Blobs.SweepInterval, async ct =>
        {
            if (await _lease.HoldAsync(ct).ConfigureAwait(false))
            {
                var swept = await BlobSweeper.SweepAsync(ct).ConfigureAwait(false);
                if (swept.HoldingsReleased + swept.OrphansCollected + swept.BlobsDeleted > 0)
                {
                    _logger.LogInformation("Blob sweep: {Released} holdings released at their jobs' retention end, {Orphans} unused uploads collected, {Deleted} blobs deleted",
                        swept.HoldingsReleased, swept.OrphansCollected, swept.BlobsDeleted);
                }
            }
        });
        LedgerAuditor = new LedgerAuditor(Stores.Ledger, P256Keys.ImportPublicKey(Registry.CoordinatorPublicKey), _time, _loggers.CreateLogger<LedgerAuditor>());
        _auditLoop = Task.Run(async () =>
        {
            try
            {
                await LedgerAuditor.RunAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "The ledger audit at start could not run; it is tried again in {Interval}", _options.LedgerAuditInterval);
            }

            await RunLoopAsync("ledger audit", _options.LedgerAuditInterval, async ct => await LedgerAuditor.RunAsync(ct).ConfigureAwait(false)).ConfigureAwait(false);
        });
        if (_options.CloseEpochs)
        {
            _epochLoop = RunLoopAsync("epoch closer", _options.EpochCheckInterval, async ct =>
            {
                if (await _lease.HoldAsync(ct).ConfigureAwait(false))
                {
                    await CloseDueEpochsAsync(ct).ConfigureAwait(false);
                }
            });
        }
    }

    /// <summary>Closes every ended epoch not closed yet (what the epoch loop does; callable directly, e.g. by the demo at its end).</summary>
    /// <param name="cancellationToken">Cancels the close.</param>
    /// <returns>The results, one per epoch looked at.</returns>
    public async Task<IReadOnlyList<EpochSettlementResult>> CloseDueEpochsAsync(CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        var results = await Settlement.CloseDueAsync(cancellationToken).ConfigureAwait(false);
        if (results.Any(r => r.Reason == EpochSettlementReason.Closed))
        {
            Metrics?.RecordEpochClose(_time.GetElapsedTime(started));
        }
        foreach (var result in results.Where(r => r.Reason == EpochSettlementReason.Closed))
        {
            _logger.LogInformation("Epoch {Epoch} closed: {Detail}", result.Statement?.EpochId, result.Detail);
        }

        return results;
    }

    /// <summary>Stops the loops, the broker and the stores.</summary>
    /// <returns>A task that completes when stopped.</returns>
    public async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(_pumpLoop, _epochLoop, _blobLoop, _auditLoop).ConfigureAwait(false);
        Metrics?.Dispose();
        await _lease.DisposeAsync().ConfigureAwait(false);
        _lease = SoleSchedulerLease.Instance;
        if (_broker is not null)
        {
            await _broker.DisposeAsync().ConfigureAwait(false);
            _broker = null;
        }

        if (_external is not null)
        {
            await _external.DisposeAsync().ConfigureAwait(false);
            _external = null;
        }

        if (Work is not null)
        {
            await Work.DisposeAsync().ConfigureAwait(false);
        }

        if (Stores is not null)
        {
            await Stores.DisposeAsync().ConfigureAwait(false);
            Stores = null!;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunLoopAsync(string name, TimeSpan interval, Func<CancellationToken, Task> step)
    {
        using var timer = new PeriodicTimer(interval, _time);
        var token = _stop.Token;
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                try
                {
                    await step(token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.LogError(ex, "The {Loop} pass failed; it runs again at the next tick", name);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class SwitchablePublisher : ITaskPublisher
    {
        public ITaskPublisher? Target { get; set; }

        public Task PublishAsync(CoordinatorTask task, CancellationToken cancellationToken = default) =>
            (Target ?? throw new InvalidOperationException("no broker yet")).PublishAsync(task, cancellationToken);
    }
}
