using System.Collections.Concurrent;

namespace EdgeCompute.Firmware.Simulator.Transport;

/// <summary>
/// Cancellation tokens that bound a publish's wait for its PUBACK, shared by every publish begun in the same second: one
/// timer a second for the whole process instead of one per publish (ten thousand at a window's end). A token fires
/// between the timeout and one second more after the publishes that took it began.
/// </summary>
internal sealed class PublishDeadlines
{
    private static readonly ConcurrentDictionary<TimeSpan, PublishDeadlines> ByTimeout = new();

    private readonly TimeSpan _timeout;
    private readonly Lock _sync = new();
    private CancellationTokenSource? _current;
    private long _currentSecond = -1;

    private PublishDeadlines(TimeSpan timeout)
    {
        _timeout = timeout;
    }

    /// <summary>Returns the process's deadlines for <paramref name="timeout"/>.</summary>
    /// <param name="timeout">How long a publish may wait.</param>
    /// <returns>The shared deadlines.</returns>
    public static PublishDeadlines For(TimeSpan timeout) => ByTimeout.GetOrAdd(timeout, static t => new PublishDeadlines(t));

    /// <summary>Returns the token for a publish beginning now.</summary>
    /// <returns>A token cancelled between the timeout and one second more from now.</returns>
    public CancellationToken Next()
    {
        var second = Environment.TickCount64 / 1000;
        lock (_sync)
        {
            if (_current is null || second != _currentSecond)
            {
                // Not disposed: once fired its timer is gone, and publishes still holding the token may check it.
                _current = new CancellationTokenSource(_timeout + TimeSpan.FromSeconds(1));
                _currentSecond = second;
            }

            return _current.Token;
        }
    }
}
