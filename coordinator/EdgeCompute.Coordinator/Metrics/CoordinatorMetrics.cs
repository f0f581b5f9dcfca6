using System.Diagnostics.Metrics;
using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Coordinator.Runtime;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;
using EdgeCompute.Protocol.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace EdgeCompute.Coordinator.Metrics;

/// <summary>
/// The coordinator's OpenTelemetry instruments (meter <see cref="MeterName"/>) and the meter provider that exports them
/// in Prometheus text format (<see cref="Provider"/>, served on <c>/metrics</c> by the HTTP API). Three sources:
/// <list type="bullet">
/// <item><description>the stores, read once per scrape (<see cref="RefreshAsync"/>), so every replica reports the same
/// truth: readings stored and lost, batches stored, duplicates and conflicts, jobs open, tasks issued, verified, rejected
/// and reissued, ledger entries;</description></item>
/// <item><description>this process's counters, observed at collection (ingest pays nothing): batches by outcome, frames by
/// kind (stored, duplicate, bad MAC, unknown device, …), work events (assignments issued, results valid and invalid, …),
/// nodes online;</description></item>
/// <item><description>recorded as they happen: the ack latency (a batch's arrival to its signed ack;
/// <c>edgecompute.batch.ack.duration</c>, the gateway's histogram of the same name measures send to ack) and the
/// epoch close time.</description></item>
/// </list>
/// </summary>
public sealed class CoordinatorMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "EdgeCompute.Coordinator";

    private static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private readonly Meter _meter;
    private readonly CoordinatorStores _stores;
    private readonly BatchIngestor _ingestor;
    private readonly Histogram<double> _ackLatency;
    private readonly Histogram<double> _epochClose;
    private StoreFigures? _figures;

    /// <summary>Creates the instruments and the provider over a started coordinator's parts.</summary>
    /// <param name="stores">The stores (read on <see cref="RefreshAsync"/>).</param>
    /// <param name="ingestor">Batch ingest: its counters, and every batch's outcome and latency.</param>
    /// <param name="work">The work use cases' counters.</param>
    /// <param name="nodes">The node directory (nodes online).</param>
    public CoordinatorMetrics(CoordinatorStores stores, BatchIngestor ingestor, WorkCounters work, NodeDirectory nodes)
    {
        _stores = stores ?? throw new ArgumentNullException(nameof(stores));
        _ingestor = ingestor ?? throw new ArgumentNullException(nameof(ingestor));
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(nodes);
        _meter = new Meter(MeterName, typeof(CoordinatorMetrics).Assembly.GetName().Version?.ToString());

        // From the stores, as of the last refresh.
        Store("edgecompute.coordinator.readings.stored", f => f.Telemetry.ReadingsStored, "{reading}", "Readings stored (all replicas)");
        Store("edgecompute.coordinator.readings.lost", f => f.Telemetry.ReadingsLost, "{reading}", "Readings gateways reported lost (evicted before sending)");
        Store("edgecompute.coordinator.batches.stored", f => f.Telemetry.BatchesStored, "{batch}", "Gateway batches stored");
        Store("edgecompute.coordinator.batches.duplicates", f => f.Telemetry.BatchDuplicates + f.Telemetry.FrameDuplicates, "{item}", "Batches and frames received again (stored once)");
        Store("edgecompute.coordinator.batches.conflicts", f => f.Telemetry.BatchConflicts + f.Telemetry.FrameConflicts, "{item}", "Batches and frames refused as conflicts");
        Store("edgecompute.tasks.issued", f => f.Work.TasksIssued, "{task}", "Tasks issued");
        Store("edgecompute.tasks.verified", f => f.Work.TasksVerified, "{task}", "Tasks verified");
        Store("edgecompute.tasks.rejected", f => f.Work.ResultsRejected, "{result}", "Task results rejected");
        Store("edgecompute.tasks.reissued", f => f.Work.TasksReissued, "{task}", "Tasks reissued");
        Store("edgecompute.ledger.appends", f => f.LedgerEntries, "{entry}", "Ledger entries appended since genesis");
        _meter.CreateObservableGauge("edgecompute.tasks.replicas_per_verified",
            () => _figures is { Work.TasksVerified: > 0 } f ? [new Measurement<double>((double)f.Work.ResultsOfVerifiedTasks / f.Work.TasksVerified)] : Array.Empty<Measurement<double>>(),
            "{result}", "Results stored per verified task (all replicas): what verification cost, 1 for a trusted node's single run, 2 or more under a quorum");
        _meter.CreateObservableUpDownCounter<long>("edgecompute.jobs.open", () => _figures is { } f ? [new Measurement<long>(f.Work.JobsRunning)] : Array.Empty<Measurement<long>>(), "{job}", "Jobs running");

        // This process's counters.
        _meter.CreateObservableCounter("edgecompute.coordinator.ingest.batches", () => Enum.GetValues<IngestOutcome>()
            .Select(o => (o, n: ingestor.Counters.Batches(o))).Where(p => p.n > 0)
            .Select(p => new Measurement<long>(p.n, new KeyValuePair<string, object?>("outcome", SnakeCaseNames<IngestOutcome>.Of(p.o)))),
            "{batch}", "Batches this process took in, by outcome (stored, duplicate, conflict, bad_signature, …)");
        _meter.CreateObservableCounter("edgecompute.coordinator.ingest.frames", () => Enum.GetValues<FrameCount>()
            .Select(k => (k, n: ingestor.Counters.Frames(k))).Where(p => p.n > 0)
            .Select(p => new Measurement<long>(p.n, new KeyValuePair<string, object?>("kind", SnakeCaseNames<FrameCount>.Of(p.k)))),
            "{frame}", "Frames in those batches, by what became of them (telemetry_stored, telemetry_duplicate, bad_mac, unknown_device, …)");
        _meter.CreateObservableCounter("edgecompute.coordinator.work.events", () => Enum.GetValues<WorkCounter>()
            .Select(c => (c, n: work[c])).Where(p => p.n > 0)
            .Select(p => new Measurement<long>(p.n, new KeyValuePair<string, object?>("event", SnakeCaseNames<WorkCounter>.Of(p.c)))),
            "{event}", "Work events in this process (assignment_issued, result_valid, result_invalid, task_verified, …)");
        _meter.CreateObservableUpDownCounter<long>("edgecompute.coordinator.nodes.online", () =>
        {
            var snapshot = nodes.Snapshot();
            return (Measurement<long>[])
            [
                new Measurement<long>(snapshot.Count(n => n.Online && n.IsGateway), new KeyValuePair<string, object?>("kind", "gateway")),
                new Measurement<long>(snapshot.Count(n => n.Online && !n.IsGateway), new KeyValuePair<string, object?>("kind", "device")),
            ];
        }, "{node}", "Nodes this process sees online");

        // Recorded as they happen.
        _ackLatency = _meter.CreateHistogram<double>("edgecompute.batch.ack.duration", "s", "From a batch's arrival to its signed ack",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _epochClose = _meter.CreateHistogram<double>("edgecompute.epoch.close.duration", "s", "Time to close an epoch (statement, payouts, ledger)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
        ingestor.BatchIngested += OnBatchIngested;

        var meter = _meter;
        Provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(MeterName)
            .AddView(instrument => ReferenceEquals(instrument.Meter, meter) ? null : MetricStreamConfiguration.Drop) // this coordinator's, not another in the process
            .AddPrometheusExporter()
            .Build();
    }

    /// <summary>Gets the meter provider with the Prometheus exporter (map it with <c>MapPrometheusScrapingEndpoint</c>).</summary>
    public MeterProvider Provider { get; }

    /// <summary>Reads the store figures (before a scrape); a store that does not answer throws, and the scrape fails.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>A task that completes when read.</returns>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var telemetry = await _stores.Telemetry.ReadStatsAsync(cancellationToken).ConfigureAwait(false);
        var work = await _stores.Work.ReadStatsAsync(cancellationToken).ConfigureAwait(false);
        var head = await _stores.Ledger.ReadHeadAsync(cancellationToken).ConfigureAwait(false);
        _figures = new StoreFigures(telemetry, work, head.Sequence);
    }

    /// <summary>Records how long an epoch took to close.</summary>
    /// <param name="duration">The duration.</param>
    public void RecordEpochClose(TimeSpan duration) => _epochClose.Record(duration.TotalSeconds);

    /// <inheritdoc/>
    public void Dispose()
    {
        _ingestor.BatchIngested -= OnBatchIngested;
        Provider.Dispose();
        _meter.Dispose();
    }

    private void OnBatchIngested(string topic, BatchIngestResult result, TimeSpan elapsed)
    {
        if (result.Ack is not null)
        {
            _ackLatency.Record(elapsed.TotalSeconds);
        }
    }

    private void Store(string name, Func<StoreFigures, long> read, string unit, string description) =>
        _meter.CreateObservableCounter<long>(name, () => _figures is { } f ? [new Measurement<long>(read(f))] : Array.Empty<Measurement<long>>(), unit, description);
}
