using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace EdgeCompute.Benchmarks.Coordinator;

/// <summary>
/// Sums the wall time of every call through a store interface, per method, until the returned task completes (a
/// <see cref="DispatchProxy"/> in front of the real store): where a batch's store time goes, without touching the
/// engine. Calls of concurrent gateway streams overlap, so the sums are busy time, not shares of the elapsed time.
/// </summary>
internal class StoreTimer : DispatchProxy
{
    private object _target = null!;
    private string _store = "";
    private ConcurrentDictionary<string, Timing> _timings = null!;

    /// <summary>Puts a timer in front of <paramref name="target"/>; its calls are summed into <paramref name="timings"/> under "store.Method".</summary>
    public static T Wrap<T>(T target, string store, ConcurrentDictionary<string, Timing> timings)
        where T : class
    {
        var proxy = Create<T, StoreTimer>();
        var timer = (StoreTimer)(object)proxy;
        timer._target = target;
        timer._store = store;
        timer._timings = timings;
        return proxy;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var started = Stopwatch.GetTimestamp();
        object? returned;
        try
        {
            returned = targetMethod.Invoke(_target, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }

        var timing = _timings.GetOrAdd($"{_store}.{targetMethod.Name}", _ => new Timing());
        switch (returned)
        {
            case Task task:
                task.ContinueWith(_ => timing.Add(Stopwatch.GetElapsedTime(started)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                break;
            case ValueTask:
                timing.Add(Stopwatch.GetElapsedTime(started)); // DisposeAsync only
                break;
            default:
                timing.Add(Stopwatch.GetElapsedTime(started));
                break;
        }

        return returned;
    }
}

/// <summary>Calls and summed wall time of one timed step.</summary>
internal sealed class Timing
{
    private long _calls;
    private long _ticks;

    public long Calls => Interlocked.Read(ref _calls);

    public TimeSpan Total => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    public void Add(TimeSpan elapsed)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _ticks, elapsed.Ticks);
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _calls, 0);
        Interlocked.Exchange(ref _ticks, 0);
    }
}
