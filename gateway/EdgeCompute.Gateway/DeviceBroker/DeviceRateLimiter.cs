using System.Collections.Concurrent;

namespace EdgeCompute.Gateway.DeviceBroker;

/// <summary>A token bucket per device: <c>rate</c> publishes per second sustained, <c>burst</c> at once.</summary>
public sealed class DeviceRateLimiter
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly double _ratePerSecond;
    private readonly int _burst;
    private readonly TimeProvider _time;

    /// <summary>Creates the limiter.</summary>
    /// <param name="ratePerSecond">Sustained publishes per second per device.</param>
    /// <param name="burst">The bucket size.</param>
    /// <param name="time">The clock.</param>
    public DeviceRateLimiter(double ratePerSecond, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        _ratePerSecond = ratePerSecond;
        _burst = burst;
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Takes one token for a device.</summary>
    /// <param name="deviceId">The device.</param>
    /// <returns>Whether the publish is within the rate.</returns>
    public bool TryAcquire(string deviceId)
    {
        var now = _time.GetTimestamp();
        var bucket = _buckets.GetOrAdd(deviceId, _ => new Bucket(_burst, now));
        lock (bucket)
        {
            var elapsed = _time.GetElapsedTime(bucket.Stamp, now).TotalSeconds;
            bucket.Tokens = Math.Min(_burst, bucket.Tokens + (elapsed * _ratePerSecond));
            bucket.Stamp = now;
            if (bucket.Tokens < 1)
            {
                return false;
            }

            bucket.Tokens -= 1;
            return true;
        }
    }

    private sealed class Bucket(double tokens, long stamp)
    {
        public double Tokens { get; set; } = tokens;

        public long Stamp { get; set; } = stamp;
    }
}
