namespace EdgeCompute.Firmware.Simulator.Fleet;

/// <summary>
/// Runs the fleet's steps on a thread of their own, waking on whole multiples of the tick interval of the system clock.
/// </summary>
/// <remarks>
/// The thread pool carries every device's MQTT I/O, and at a window's end its queue holds thousands of PUBACK
/// continuations that a pool-timed step (and its timer) would wait behind.
/// </remarks>
internal static class ClockThread
{
    /// <summary>Steps at once, then at each multiple of <paramref name="tick"/> until <paramref name="end"/> or cancellation.</summary>
    /// <param name="timeProvider">The clock (the system's).</param>
    /// <param name="tick">The tick interval.</param>
    /// <param name="end">When to stop (after the step that reaches it).</param>
    /// <param name="step">One step.</param>
    /// <param name="cancellationToken">Stops between steps; the task is then cancelled.</param>
    /// <returns>A task that completes after the last step, or faults with the exception a step threw.</returns>
    public static Task RunAsync(TimeProvider timeProvider, TimeSpan tick, DateTimeOffset end, Action<CancellationToken> step, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                var tickMs = (long)tick.TotalMilliseconds;
                while (true)
                {
                    step(cancellationToken);
                    var now = timeProvider.GetUtcNow();
                    if (now >= end)
                    {
                        break;
                    }

                    var wait = tickMs - (now.ToUnixTimeMilliseconds() % tickMs);
                    if (cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(wait)))
                    {
                        break;
                    }
                }

                cancellationToken.ThrowIfCancellationRequested();
                done.SetResult();
            }
            catch (OperationCanceledException e)
            {
                done.SetCanceled(e.CancellationToken);
            }
            catch (Exception e)
            {
                done.SetException(e);
                throw;
            }
        })
        {
            IsBackground = true,
            Name = "fleet-clock",
        };
        thread.Start();
        return done.Task;
    }
}
