using System.Diagnostics.Metrics;
using EdgeCompute.Gateway.DeviceBroker;
using EdgeCompute.Gateway.Dispatch;
using EdgeCompute.Gateway.Ingest;
using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Gateway.Uplink;
using EdgeCompute.Protocol.Metrics;

namespace EdgeCompute.Gateway.Metrics;

/// <summary>
/// The gateway's OpenTelemetry instruments (<see cref="System.Diagnostics.Metrics"/>, meter <see cref="MeterName"/>), each
/// tagged with the gateway id. All but three are observable: they read the counters the parts keep anyway when a reader
/// collects. Three histograms are recorded as things happen: the ack latency (send to signed ack, per batch), and per
/// stored frame its ingest duration (decode to durable commit) and, for a window summary, the window's age at that commit. Names are shared with the coordinator's meter where they mean the same
/// (<c>edgecompute.batch.ack.duration</c>).
/// </summary>
public sealed class GatewayMetrics : IDisposable
{
    /// <summary>The meter's name (what a metrics reader subscribes to).</summary>
    public const string MeterName = "EdgeCompute.Gateway";

    private readonly Meter _meter;
    private readonly UplinkClient? _uplink;
    private readonly Histogram<double> _ackLatency;
    private readonly Histogram<double> _ingestDuration;
    private readonly Histogram<double> _windowAge;
    private readonly FrameIngest _ingest;
    private readonly KeyValuePair<string, object?> _gateway;

    /// <summary>Creates the instruments over a gateway's parts.</summary>
    /// <param name="gatewayId">The gateway id (tag <c>gateway</c>).</param>
    /// <param name="outbox">The outbox: items, bytes, unacked batches, evictions.</param>
    /// <param name="ingest">Device messages by ingest outcome.</param>
    /// <param name="broker">The device broker's refusals.</param>
    /// <param name="uplink">The uplink (state, connects, batches, acks, ack latency); null when none runs.</param>
    /// <param name="dispatcher">Task dispatch (events, tasks pending); null when none runs.</param>
    public GatewayMetrics(string gatewayId, OutboxStore outbox, FrameIngest ingest, DeviceBrokerServer broker, UplinkClient? uplink, TaskDispatcher? dispatcher)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(ingest);
        ArgumentNullException.ThrowIfNull(broker);
        _gateway = new("gateway", gatewayId);
        _uplink = uplink;
        _meter = new Meter(MeterName, typeof(GatewayMetrics).Assembly.GetName().Version?.ToString());
        _meter.CreateObservableCounter("edgecompute.gateway.ingest.messages", () => ByTag(ingest.Outcomes, "outcome"), "{message}",
            "Device messages by ingest outcome (stored, duplicate, rejected by reason)");
        _meter.CreateObservableCounter("edgecompute.gateway.broker.refusals", () => ByTag(broker.Refusals, "reason"), "{refusal}",
            "Connections and packets the device broker refused, by reason");
        _meter.CreateObservableUpDownCounter("edgecompute.gateway.outbox.items", () => Measure(outbox.Counters().PendingItems), "{item}", "Items waiting for a batch");
        _meter.CreateObservableUpDownCounter("edgecompute.gateway.outbox.unacked_batches", () => Measure(outbox.Counters().UnackedBatches), "{batch}", "Batches waiting for an ack");
        _meter.CreateObservableUpDownCounter("edgecompute.gateway.outbox.size", () => Measure(outbox.Counters().Bytes), "By", "The outbox's charged size");
        _meter.CreateObservableCounter("edgecompute.gateway.outbox.evicted_frames", () => Measure(outbox.Counters().EvictedFrames), "{frame}", "Telemetry frames evicted to make room");
        _meter.CreateObservableCounter("edgecompute.gateway.outbox.evicted_readings", () => Measure(outbox.Counters().EvictedReadings), "{reading}", "Readings in the evicted frames");
        _meter.CreateObservableUpDownCounter("edgecompute.gateway.outbox.disk_full", () => Measure(outbox.IsDiskFull ? 1 : 0), null, "1 while the outbox refuses items because its disk is full");
        _ackLatency = _meter.CreateHistogram<double>("edgecompute.batch.ack.duration", "s", "From a batch's first send to the coordinator's signed ack",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
        _ingestDuration = _meter.CreateHistogram<double>("edgecompute.gateway.ingest.duration", "s", "From a device frame's decode to its durable outbox commit (the group commit's wait included)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _windowAge = _meter.CreateHistogram<double>("edgecompute.gateway.window.age", "s", "From a window summary's window end to its durable outbox commit (sealing, sending and ingest)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4, 5, 10, 30, 60, 300] });
        _ingest = ingest;
        ingest.FrameStored += OnFrameStored;
        if (uplink is not null)
        {
            _meter.CreateObservableUpDownCounter("edgecompute.gateway.uplink.connected", () => Measure(uplink.IsConnected ? 1 : 0), null, "1 while the session with the central broker is up");
            _meter.CreateObservableCounter("edgecompute.gateway.uplink.events", () => ByTag(uplink.Events, "event"), "{event}",
                "Uplink events: connect attempts, connections, failures, batches sent and resent, acks and tasks accepted or dropped");
            _meter.CreateObservableCounter("edgecompute.batches.sent", () => Measure(uplink.Events[UplinkEvent.BatchSent]), "{batch}", "Batches sent upstream for the first time");
            uplink.BatchAcknowledged += OnBatchAcknowledged;
        }

        if (dispatcher is not null)
        {
            _meter.CreateObservableCounter("edgecompute.gateway.dispatch.events", () => ByTag(dispatcher.Events, "event"), "{event}",
                "Task dispatch: delivered, handed back by reason, results matched");
            _meter.CreateObservableUpDownCounter("edgecompute.gateway.tasks.pending", () => Measure(dispatcher.PendingTasks), "{task}", "Tasks sent to devices and waiting for their result");
        }
    }

    /// <summary>Gets the meter: a reader can keep to this gateway's instruments when several gateways share a process.</summary>
    public Meter Meter => _meter;

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_uplink is not null)
        {
            _uplink.BatchAcknowledged -= OnBatchAcknowledged;
        }

        _ingest.FrameStored -= OnFrameStored;

        _meter.Dispose();
    }

    private void OnBatchAcknowledged(TimeSpan latency) => _ackLatency.Record(latency.TotalSeconds, _gateway);

    private void OnFrameStored(TimeSpan ingest, TimeSpan? windowAge)
    {
        _ingestDuration.Record(ingest.TotalSeconds, _gateway);
        if (windowAge is { } age)
        {
            _windowAge.Record(Math.Max(0, age.TotalSeconds), _gateway);
        }
    }

    private Measurement<long>[] Measure(long value) => [new(value, _gateway)];

    private IEnumerable<Measurement<long>> ByTag<T>(OutcomeCounter<T> counter, string tag)
        where T : struct, Enum =>
        counter.Snapshot().Select(pair => new Measurement<long>(pair.Value, _gateway, new(tag, SnakeCaseNames<T>.Of(pair.Key))));
}
