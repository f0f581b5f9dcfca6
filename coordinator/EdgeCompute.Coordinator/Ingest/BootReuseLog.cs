using EdgeCompute.Coordinator.Storage.Telemetry;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.Ingest;

/// <summary>
/// Tells the operator about reused device boots (<see cref="BootReuseRecord"/>) without one line per refused frame: one
/// warning per (device, boot) when the store hears of it first, and while frames keep colliding one summary line per
/// <see cref="BatchIngestorOptions.BootReuseSummaryInterval"/>. The counts per device are kept by the store and shown by
/// <c>GET /api/nodes</c>; the totals here are this process's.
/// </summary>
public sealed class BootReuseLog
{
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, long> _framesSinceSummary = new(StringComparer.Ordinal);
    private DateTimeOffset _lastSummary;
    private long _boots;
    private long _frames;
    private long _summaries;

    internal BootReuseLog(TimeSpan interval, TimeProvider time, ILogger logger)
    {
        _interval = interval;
        _time = time;
        _logger = logger;
        _lastSummary = time.GetUtcNow();
    }

    /// <summary>Gets how many (device, boot) pairs this process recorded first.</summary>
    public long Boots => Interlocked.Read(ref _boots);

    /// <summary>Gets how many frames this process refused because they collided under a reused boot.</summary>
    public long FramesRefused => Interlocked.Read(ref _frames);

    /// <summary>Gets how many summary lines were logged.</summary>
    public long Summaries => Interlocked.Read(ref _summaries);

    /// <summary>Takes what one stored batch showed.</summary>
    internal void Record(string gatewayId, IReadOnlyList<BootReuseRecord> reused)
    {
        foreach (var record in reused)
        {
            if (record.IsNew)
            {
                Interlocked.Increment(ref _boots);
                _logger.LogWarning(
                    "Device {DeviceId} uses boot {Boot} a second time (a re-flashed board that lost its boot counter, or a copied key; seen through gateway {GatewayId}): " +
                    "its frames that collide with stored ones are refused, and counted per device in GET /api/nodes (reusedBoots); said once per device and boot",
                    record.DeviceId, record.Boot, gatewayId);
            }

            if (record.FramesRefused > 0)
            {
                Interlocked.Add(ref _frames, record.FramesRefused);
                lock (_lock)
                {
                    _framesSinceSummary[record.DeviceId] = _framesSinceSummary.GetValueOrDefault(record.DeviceId) + record.FramesRefused;
                }
            }
        }
    }

    /// <summary>Logs the summary when one is due (called on every ingest, so it stays quiet while nothing collides).</summary>
    internal void SummarizeIfDue()
    {
        string devices;
        long frames;
        int count;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_framesSinceSummary.Count == 0 || now - _lastSummary < _interval)
            {
                return;
            }

            count = _framesSinceSummary.Count;
            frames = _framesSinceSummary.Values.Sum();
            devices = string.Join(", ", _framesSinceSummary.OrderByDescending(d => d.Value).Take(5).Select(d => $"{d.Key} ×{d.Value}")) + (count > 5 ? ", …" : "");
            _framesSinceSummary.Clear();
            _lastSummary = now;
        }

        Interlocked.Increment(ref _summaries);
        _logger.LogWarning("Reused device boots: {Frames} frame(s) from {Devices} device(s) refused in the last {Interval} ({List}); {Total} since start",
            frames, count, _interval, devices, FramesRefused);
    }
}
