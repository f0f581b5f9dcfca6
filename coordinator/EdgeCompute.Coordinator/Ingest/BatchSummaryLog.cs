using EdgeCompute.Protocol.Topics;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.Ingest;

/// <summary>
/// One Information line per <see cref="BatchIngestorOptions.BatchSummaryInterval"/> about the batches taken in:
/// <c>Batches in the last 60 s: 42 from 3 gateways (gw-01 14, gw-02 14, gw-03 14), 40 stored with 480 frames, 2 duplicates,
/// 0 refused</c>. Written when a batch arrives after the interval, so a quiet coordinator stays quiet.
/// </summary>
public sealed class BatchSummaryLog
{
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, long> _byGateway = new(StringComparer.Ordinal);
    private DateTimeOffset _since;
    private long _stored, _frames, _duplicates, _refused, _summaries;

    internal BatchSummaryLog(TimeSpan interval, TimeProvider time, ILogger logger)
    {
        _interval = interval;
        _time = time;
        _logger = logger;
        _since = time.GetUtcNow();
    }

    /// <summary>Gets how many summary lines were logged.</summary>
    public long Summaries => Interlocked.Read(ref _summaries);

    internal void Add(string topic, BatchIngestResult result)
    {
        var gateway = ProtocolTopics.TryParse(topic, out var address) ? address.Id : "?";
        lock (_lock)
        {
            _byGateway[gateway] = _byGateway.GetValueOrDefault(gateway) + 1;
            switch (result.Outcome)
            {
                case IngestOutcome.Stored:
                    _stored++;
                    _frames += result.Commit?.Frames.Count ?? 0;
                    break;
                case IngestOutcome.Duplicate:
                    _duplicates++;
                    break;
                default:
                    _refused++;
                    break;
            }

            var now = _time.GetUtcNow();
            if (now - _since < _interval)
            {
                return;
            }

            _logger.LogInformation(
                "Batches in the last {Seconds:0} s: {Batches} from {Gateways} gateways ({PerGateway}), {Stored} stored with {Frames} frames, {Duplicates} duplicates, {Refused} refused",
                (now - _since).TotalSeconds, _stored + _duplicates + _refused, _byGateway.Count, string.Join(", ", _byGateway.Select(p => $"{p.Key} {p.Value}")),
                _stored, _frames, _duplicates, _refused);
            Interlocked.Increment(ref _summaries);
            _byGateway.Clear();
            _stored = _frames = _duplicates = _refused = 0;
            _since = now;
        }
    }
}
