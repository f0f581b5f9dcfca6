using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Sequencing;
using EdgeCompute.Protocol.Topics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCompute.Coordinator.Ingest;

/// <summary>
/// Ingests gateway <c>up</c> messages: checks the topic against the envelope, looks the gateway key up in the
/// <see cref="FleetRegistry"/>, opens the batch with <see cref="BatchOpener"/> (signature before decompression, limits),
/// verifies every device frame's MAC with the device key, and commits the whole batch in ONE store transaction under the
/// protocol's duplicate rule. Only after that commit is durable does it return a signed ack (stored: new or duplicate;
/// rejected: conflict), which the broker publishes. Results, task returns and node events go to their sinks after the commit, and again when the same batch is resent
/// (the sinks are idempotent; result MACs are verified there, see <see cref="IResultSink"/>). A store failure returns no ack: the gateway resends.
/// </summary>
public sealed class BatchIngestor
{
    private readonly FleetRegistry _registry;
    private readonly ITelemetryStore _store;
    private readonly IResultSink _results;
    private readonly ITaskReturnSink _taskReturns;
    private readonly INodeEventSink _nodes;
    private readonly BatchIngestorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the ingestor.</summary>
    /// <param name="registry">Gateway and device keys, the coordinator key.</param>
    /// <param name="store">The telemetry store.</param>
    /// <param name="results">Where results go.</param>
    /// <param name="taskReturns">Where handed-back tasks go.</param>
    /// <param name="options">Settings.</param>
    /// <param name="time">The clock (receive and ack times).</param>
    /// <param name="logger">The logger.</param>
    /// <param name="nodes">Where device births and states and gateway status go (ignored when null).</param>
    public BatchIngestor(FleetRegistry registry, ITelemetryStore store, IResultSink results, ITaskReturnSink taskReturns,
        BatchIngestorOptions? options = null, TimeProvider? time = null, ILogger<BatchIngestor>? logger = null, INodeEventSink? nodes = null)
    {
        _nodes = nodes ?? NullNodeEventSink.Instance;
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _results = results ?? throw new ArgumentNullException(nameof(results));
        _taskReturns = taskReturns ?? throw new ArgumentNullException(nameof(taskReturns));
        _options = options ?? new BatchIngestorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.BootReuseSummaryInterval, TimeSpan.Zero, "BatchIngestorOptions.BootReuseSummaryInterval");
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        BootReuse = new BootReuseLog(_options.BootReuseSummaryInterval, _time, _logger);
        Summary = new BatchSummaryLog(_options.BatchSummaryInterval, _time, _logger);
    }

    /// <summary>Gets the ingest counters (batch outcomes, frames, bad MACs per pair, suspect gateways).</summary>
    public IngestCounters Counters { get; } = new();

    /// <summary>
    /// Raised after every batch with its topic, its result and the time from its arrival to its outcome (with the signed
    /// ack, when there is one, ready to send); for metrics and the batch summary log, on the ingesting thread.
    /// </summary>
    public event Action<string, BatchIngestResult, TimeSpan>? BatchIngested;

    /// <summary>Gets the per-interval summary of the batches this process took in.</summary>
    public BatchSummaryLog Summary { get; }

    /// <summary>Gets the reused device boots this process saw (logged once per device and boot, summarised periodically).</summary>
    public BootReuseLog BootReuse { get; }

    /// <summary>Ingests one <c>up</c> message.</summary>
    /// <param name="topic">The MQTT topic it arrived on.</param>
    /// <param name="message">The gateway batch message.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <returns>The outcome and, when there is one to send, the signed ack.</returns>
    public async Task<BatchIngestResult> IngestAsync(string topic, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        var received = _time.GetTimestamp();
        var result = await IngestCoreAsync(topic, message, cancellationToken).ConfigureAwait(false);
        Counters.Count(result.Outcome);
        BatchIngested?.Invoke(topic, result, _time.GetElapsedTime(received));
        Summary.Add(topic, result);
        BootReuse.SummarizeIfDue();
        if (!result.IsSuccess)
        {
            _logger.LogWarning("Batch on {Topic}: {Outcome} {Detail}", topic, result.Outcome, result.Detail);
        }

        return result;
    }

    /// <summary>
    /// Applies what another coordinator replica relayed about nodes (<see cref="BatchIngestResult.NodeEvents"/>, received
    /// on <see cref="ProtocolTopics.CoordinatorNodes"/>) to the node directory: birth frames are checked with the device key again,
    /// so only a device can announce its capabilities. A refused message changes nothing and is counted and logged.
    /// </summary>
    /// <param name="topic">The topic it arrived on.</param>
    /// <param name="payload">The relayed node events.</param>
    /// <returns>Whether it was applied.</returns>
    public bool ApplyRelayedNodeEvents(string topic, ReadOnlyMemory<byte> payload)
    {
        string problem;
        if (!ProtocolTopics.TryParseCoordinatorNodes(topic, out var gatewayId))
        {
            problem = "not a coordinator node-events topic";
        }
        else if (_registry.FindGateway(gatewayId, out _) != RegistryLookup.Found)
        {
            problem = $"gateway {gatewayId} is unknown or revoked";
        }
        else if (NodeEventRelay.Apply(gatewayId, payload, _registry, _nodes, out problem))
        {
            Counters.Count(FrameCount.RelayApplied);
            return true;
        }

        Counters.Count(FrameCount.RelayRefused);
        _logger.LogWarning("Node events relayed on {Topic} refused: {Problem}", topic, problem);
        return false;
    }

    private async Task<BatchIngestResult> IngestCoreAsync(string topic, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (!ProtocolTopics.TryParse(topic, out var address) || address.Role != TopicRole.Gateway || address.GatewayKind != GatewayTopicKind.Up)
        {
            return BatchIngestResult.Refused(IngestOutcome.TopicMismatch, $"{topic} is not a gateway up topic");
        }

        var gatewayId = address.Id;
        switch (_registry.FindGateway(gatewayId, out var gateway))
        {
            case RegistryLookup.Unknown:
                return BatchIngestResult.Refused(IngestOutcome.UnknownGateway, gatewayId);
            case RegistryLookup.Revoked:
                return BatchIngestResult.Refused(IngestOutcome.RevokedGateway, gatewayId);
        }

        var opened = BatchOpener.Open(message, gateway!.PublicKey, gatewayId);
        if (!opened.TryGetValue(out var batch))
        {
            var error = opened.Error!;
            var outcome = error.Code switch
            {
                DecodeErrorCode.BadSignature => IngestOutcome.BadSignature,
                DecodeErrorCode.IdMismatch => IngestOutcome.TopicMismatch,
                _ => IngestOutcome.Malformed,
            };
            return BatchIngestResult.Refused(outcome, error.ToString());
        }

        var contents = BatchContents.Collect(batch, _registry, Counters, _options, _time, _logger);
        BatchCommitResult commit;
        try
        {
            if (contents.Results.Count > 0)
            {
                var authentic = await _results.AuthenticateAsync(contents.Results, cancellationToken).ConfigureAwait(false);
                if (contents.DropUnauthenticatedResults(authentic, Counters) is > 0 and var dropped)
                {
                    _logger.LogWarning("Batch {Gateway}/{Boot}/{Seq}: {Dropped} result frame(s) whose MAC does not verify against an issued assignment dropped before the commit",
                        gatewayId, batch.Envelope.Boot, batch.Envelope.Seq, dropped);
                }
            }

            commit = await _store.CommitBatchAsync(contents.Batch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Store failed for batch {Gateway}/{Boot}/{Seq}; no ack, the gateway resends", gatewayId, batch.Envelope.Boot, batch.Envelope.Seq);
            return new BatchIngestResult(IngestOutcome.StoreFailed, ex.Message, null, null);
        }

        BootReuse.Record(gatewayId, commit.ReusedBoots);
        if (commit.Batch != SequenceClass.Conflict)
        {
            // A duplicate is handed over again: if the process died between the commit and the ack, the gateway resends
            // and this is the only chance the results get. The sinks are idempotent (a result is unique on task, slot, device).
            await contents.HandOverAsync(commit, Counters, _results, _taskReturns, _nodes, cancellationToken).ConfigureAwait(false);
        }

        var envelope = batch.Envelope;
        ulong[] seq = [envelope.Seq];
        var conflict = commit.Batch == SequenceClass.Conflict;
        var unsigned = new CoordinatorAck(gatewayId, envelope.Boot, conflict ? [] : seq, conflict ? seq : [], _time.GetUtcNow().ToUnixTimeMilliseconds(), ReadOnlyMemory<byte>.Empty);
        var ack = _registry.SignWithCoordinatorKey(key => CoordinatorAckSignature.Sign(unsigned, key));
        var outcomeCode = commit.Batch switch
        {
            SequenceClass.Accepted => IngestOutcome.Stored,
            SequenceClass.Duplicate => IngestOutcome.Duplicate,
            _ => IngestOutcome.Conflict,
        };
        var result = new BatchIngestResult(outcomeCode, conflict ? $"{gatewayId}/{envelope.Boot}/{envelope.Seq} conflicts with the stored batch" : "", ack, commit);
        return conflict ? result : result.WithNodeEvents(contents.NodeEventsForReplicas);
    }
}
