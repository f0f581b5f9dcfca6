using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Sequencing;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Protocol.Telemetry;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.Ingest;

/// <summary>One opened batch sorted into what the store takes and what the sinks take after the commit.</summary>
internal sealed class BatchContents
{
    private readonly List<ReceivedResult> _results = [];
    private readonly List<TelemetryFrameRecord> _resultFrames = []; // the sequence record of each of _results, same index
    private readonly List<TaskReturnedItem> _taskReturns = [];
    private readonly List<GatewayTaskResultItem> _gatewayResults = [];
    private readonly List<(string DeviceId, uint Boot, DeviceBirth Birth, ReadOnlyMemory<byte> Body)> _births = [];
    private readonly List<DeviceStateItem> _states = [];
    private readonly List<ReadOnlyMemory<byte>> _birthFrames = [];
    private GatewayStatus? _status;

    private BatchContents(TelemetryBatch batch) => Batch = batch;

    public TelemetryBatch Batch { get; private set; }

    public static BatchContents Collect(OpenedBatch opened, FleetRegistry registry, IngestCounters counters, BatchIngestorOptions options, TimeProvider time, ILogger logger)
    {
        var envelope = opened.Envelope;
        var gatewayId = envelope.GatewayId;
        var frames = new List<TelemetryFrameRecord>();
        var gatewayPoints = new List<TelemetryPoint>();
        var gaps = new List<TelemetryGapRecord>();
        var states = new List<DeviceStateRecord>();
        long gatewayReadings = 0;
        var contents = new BatchContents(null!);
        foreach (var item in opened.Body.Items)
        {
            switch (item)
            {
                case DeviceFrameItem frameItem:
                    contents.CollectFrame(frameItem.Frame, gatewayId, registry, counters, options, logger, frames);
                    break;
                case GatewayTelemetryItem telemetry:
                    var summary = WindowSummaryCodec.Decode(telemetry.Pack);
                    if (summary.TryGetValue(out var window) && window.SourceId == gatewayId)
                    {
                        gatewayPoints.AddRange(TelemetryRows.From(gatewayId, window));
                        gatewayReadings += TelemetryReadings.Count(window);
                    }
                    else
                    {
                        counters.Count(FrameCount.Malformed);
                    }

                    break;
                case DeviceStateItem state:
                    states.Add(new DeviceStateRecord(state.DeviceId, state.Online, state.TimeMs));
                    contents._states.Add(state);
                    break;
                case GatewayTaskResultItem gatewayResult:
                    contents._gatewayResults.Add(gatewayResult);
                    break;
                case TelemetryGapItem gap:
                    gaps.Add(new TelemetryGapRecord(gap.DeviceId, gap.Boot, gap.FirstSeq, gap.LastSeq, checked((long)gap.Readings)));
                    break;
                case TaskReturnedItem taskReturn:
                    contents._taskReturns.Add(taskReturn);
                    break;
            }
        }

        contents._status = opened.Body.Status;
        contents.Batch = new TelemetryBatch(gatewayId, envelope.Boot, envelope.Seq, PayloadHash.Of(opened.RawBody.Span), time.GetUtcNow().ToUnixTimeMilliseconds(),
            frames, gatewayPoints, gatewayReadings, gaps, states, [.. contents._births.Select(b => new DeviceBirthRecord(b.DeviceId, b.Boot, b.Body))], contents._status);
        return contents;
    }

    /// <summary>Gets the device results of the batch, in batch order (not yet MAC-verified).</summary>
    public IReadOnlyList<ReceivedResult> Results => _results;

    /// <summary>
    /// Drops the results the result sink could not authenticate (<see cref="IResultSink.AuthenticateAsync"/>) from the
    /// hand-over and from the frames to store, counting each; the batch's other items are untouched.
    /// </summary>
    /// <param name="authentic">One flag per <see cref="Results"/> entry.</param>
    /// <param name="counters">Where the dropped ones are counted.</param>
    /// <returns>How many were dropped.</returns>
    public int DropUnauthenticatedResults(IReadOnlyList<bool> authentic, IngestCounters counters)
    {
        if (authentic.Count != _results.Count)
        {
            throw new InvalidOperationException($"the result sink judged {authentic.Count} results of {_results.Count}");
        }

        var dropped = new HashSet<TelemetryFrameRecord>(ReferenceEqualityComparer.Instance);
        for (var i = _results.Count - 1; i >= 0; i--)
        {
            if (!authentic[i])
            {
                dropped.Add(_resultFrames[i]);
                _results.RemoveAt(i);
                _resultFrames.RemoveAt(i);
            }
        }

        if (dropped.Count > 0)
        {
            counters.Count(FrameCount.ResultUnauthenticated, dropped.Count);
            Batch = Batch with { Frames = [.. Batch.Frames.Where(f => !dropped.Contains(f))] };
        }

        return dropped.Count;
    }

    public async Task HandOverAsync(BatchCommitResult commit, IngestCounters counters, IResultSink results, ITaskReturnSink taskReturns, INodeEventSink nodes,
        CancellationToken cancellationToken)
    {
        var gatewayId = Batch.GatewayId;
        foreach (var (deviceId, boot, birth, _) in _births)
        {
            nodes.DeviceBirth(gatewayId, deviceId, boot, birth);
        }

        foreach (var state in _states)
        {
            nodes.DeviceState(gatewayId, state);
        }

        if (_status is not null)
        {
            nodes.GatewayStatus(gatewayId, _status);
        }

        nodes.BatchCommitted(gatewayId, commit.Batch == SequenceClass.Accepted ? DistinctDevices() : []);
        if (commit.Batch != SequenceClass.Accepted)
        {
            // The resend of a stored batch: hand everything over again (idempotent sinks), count nothing twice.
            counters = new IngestCounters();
        }

        counters.Count(FrameCount.TelemetryStored, commit.Frames.Count(c => c == SequenceClass.Accepted));
        counters.Count(FrameCount.TelemetryDuplicate, commit.Frames.Count(c => c == SequenceClass.Duplicate));
        counters.Count(FrameCount.TelemetryConflict, commit.Frames.Count(c => c == SequenceClass.Conflict));
        await results.AcceptManyAsync(_results, cancellationToken).ConfigureAwait(false);
        counters.Count(FrameCount.Result, _results.Count);

        foreach (var item in _gatewayResults)
        {
            await results.AcceptGatewayResultAsync(item, gatewayId, cancellationToken).ConfigureAwait(false);
            counters.Count(FrameCount.Result);
        }

        foreach (var item in _taskReturns)
        {
            await taskReturns.AcceptAsync(item, Batch.GatewayId, cancellationToken).ConfigureAwait(false);
        }
    }

    private HashSet<string> DistinctDevices()
    {
        var devices = new HashSet<string>(StringComparer.Ordinal);
        foreach (var frame in Batch.Frames)
        {
            devices.Add(frame.DeviceId);
        }

        return devices;
    }

    /// <summary>
    /// What this batch said about nodes, for the other coordinator replicas (see <see cref="NodeEventRelay"/>): the birth
    /// frames as the devices signed them, the device states and the gateway's status. Null when the batch said nothing.
    /// </summary>
    public byte[]? NodeEventsForReplicas() => NodeEventRelay.Encode(_birthFrames, _states, _status);

    private void CollectFrame(ReadOnlyMemory<byte> bytes, string gatewayId, FleetRegistry registry, IngestCounters counters, BatchIngestorOptions options, ILogger logger,
        List<TelemetryFrameRecord> frames)
    {
        if (!DeviceFrameCodec.Decode(bytes).TryGetValue(out var frame))
        {
            counters.Count(FrameCount.Malformed);
            return;
        }

        if (registry.FindDevice(frame.DeviceId, out var device) != RegistryLookup.Found)
        {
            counters.Count(FrameCount.UnknownDevice);
            return;
        }

        if (frame.Type == FrameType.Result)
        {
            // The MAC covers the assignment hash: the result sink verifies it (see IResultSink).
            if (TaskResultCodec.Decode(frame.Body).TryGetValue(out var result))
            {
                _results.Add(new ReceivedResult(frame, result, gatewayId));

                // The result takes its place in the device's frame sequence (no readings), so a gap in the stored
                // sequence means a lost frame; its MAC is checked against the issued assignment before the commit
                // (DropUnauthenticatedResults) and again by the result sink.
                var record = new TelemetryFrameRecord(frame.DeviceId, frame.Boot, frame.Seq, PayloadHash.Of(bytes.Span), (int)FrameType.Result, 0, 0, []);
                _resultFrames.Add(record);
                frames.Add(record);
            }
            else
            {
                counters.Count(FrameCount.Malformed);
            }

            return;
        }

        if (!DeviceFrameMac.Verify(frame, device!.Key.Span))
        {
            if (counters.CountBadMac(gatewayId, frame.DeviceId, options.SuspectDeviceThreshold))
            {
                logger.LogWarning("Gateway {Gateway} marked suspect: bad device MACs across {Threshold} or more devices", gatewayId, options.SuspectDeviceThreshold);
            }

            return;
        }

        if (device.HomeGatewayId != gatewayId)
        {
            counters.Count(FrameCount.ForeignGateway);
        }

        var hash = PayloadHash.Of(bytes.Span);
        switch (frame.Type)
        {
            case FrameType.WindowSummary when WindowSummaryCodec.Decode(frame.Body).TryGetValue(out var summary) && summary.SourceId == frame.DeviceId:
                frames.Add(new TelemetryFrameRecord(frame.DeviceId, frame.Boot, frame.Seq, hash, (int)frame.Type, summary.WindowStartMs,
                    TelemetryReadings.Count(summary), TelemetryRows.From(frame.DeviceId, summary)));
                break;
            case FrameType.RawSamples when RawSamplesCodec.Decode(frame.Body).TryGetValue(out var channels):
                frames.Add(new TelemetryFrameRecord(frame.DeviceId, frame.Boot, frame.Seq, hash, (int)frame.Type, channels.Count == 0 ? 0 : channels.Min(c => c.StartMs),
                    TelemetryReadings.Count(channels), TelemetryRows.From(frame.DeviceId, channels)));
                break;
            case FrameType.Birth when DeviceBirthCodec.Decode(frame.Body).TryGetValue(out var birth):
                counters.Count(FrameCount.Birth);
                _births.Add((frame.DeviceId, frame.Boot, birth, frame.Body));
                _birthFrames.Add(bytes);
                break;
            default:
                counters.Count(FrameCount.Malformed);
                break;
        }
    }
}
