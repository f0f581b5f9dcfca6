using System.Collections.Concurrent;
using EdgeCompute.Gateway.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Gateway.Tests.Outage;

/// <summary>
/// A fake clock that remembers, for every timer due time it was asked for, when (on this clock) the last such timer was
/// created. The outage tests predict each reconnect delay from the seeded jitter source, wait until the uplink has asked
/// for exactly that delay, and only then move the clock: it never moves while the uplink is between two attempts.
/// </summary>
internal sealed class OutageClock : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<TimeSpan, (DateTimeOffset At, long Seq)> _created = new();
    private readonly ConcurrentQueue<TimeSpan> _recent = new();
    private long _timers;

    public OutageClock()
        : base(DateTimeOffset.FromUnixTimeMilliseconds(TestFrames.WindowStartMs))
    {
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // One gate with Step, so the creation time recorded is the one the timer is scheduled from.
        lock (_gate)
        {
            _created[dueTime] = (GetUtcNow(), ++_timers);
            _recent.Enqueue(dueTime);
            while (_recent.Count > 16)
            {
                _recent.TryDequeue(out _);
            }

            // Fired callbacks run on the thread pool, never inline in the test's Step (on its synchronization context).
            return base.CreateTimer(s => ThreadPool.UnsafeQueueUserWorkItem(callback.Invoke, s, preferLocal: false), state, dueTime, period);
        }
    }

    /// <summary>Moves the clock (under the same gate as timer creation).</summary>
    public void Step(TimeSpan delta)
    {
        lock (_gate)
        {
            Advance(delta);
        }
    }

    /// <summary>Moves the clock to <paramref name="when"/> (no-op if it is already there).</summary>
    public void StepTo(DateTimeOffset when)
    {
        var delta = when - GetUtcNow();
        if (delta > TimeSpan.Zero)
        {
            Step(delta);
        }
    }

    /// <summary>The due times of the last timers created, for failure messages.</summary>
    public string RecentTimers() => string.Join(", ", _recent);

    /// <summary>
    /// When and as which (counting every timer from 1) a timer of exactly <paramref name="dueTime"/> was last created,
    /// if that was after timer number <paramref name="after"/>; null otherwise. Reconnect delays are whole milliseconds
    /// between half and all of the cap, so over hundreds of attempts the same delay comes up twice: an earlier timer of
    /// the same length must not be taken for the one being waited for.
    /// </summary>
    public (DateTimeOffset At, long Seq)? CreatedAfter(TimeSpan dueTime, long after) =>
        _created.TryGetValue(dueTime, out var created) && created.Seq > after ? created : null;
}
