using System.Runtime.CompilerServices;

namespace EdgeCompute.Tests;

/// <summary>
/// The one way a test measures what code allocates on its thread (<see cref="GC.GetAllocatedBytesForCurrentThread"/>).
/// Tiered compilation makes a naive before/after measurement flaky: the method under test is promoted from tier 0 to
/// tier 1 (and its loops replaced on the stack) on the runtime's own schedule — after a call count and a wall-clock delay
/// — and such a transition can bill a few hundred bytes to the thread that happens to be running. So:
/// <list type="number">
/// <item>the measuring loop is compiled fully optimised from its first call (<see cref="MethodImplOptions.AggressiveOptimization"/>),
/// so it never goes through tier 0 or on-stack replacement itself;</item>
/// <item>the action runs <see cref="WarmUpCalls"/> times (at least) before anything is measured, past the runtime's
/// call-count threshold for tier 1 (30) and through every one-time initialisation;</item>
/// <item>then up to <see cref="MaxWindows"/> windows of the same work are measured, and the first window within the limit
/// decides. Code that allocates allocates in every window and still fails; a one-off runtime event can dirty only the
/// window it lands in. Each dirty window is written to the test output, so a recurring one stays visible.</item>
/// </list>
/// </summary>
internal static class Allocations
{
    /// <summary>How many calls of the action come before the first measured window (beyond the tier-1 call count of 30).</summary>
    public const int WarmUpCalls = 64;

    /// <summary>How many windows are measured at most before the smallest is returned.</summary>
    public const int MaxWindows = 8;

    /// <summary>
    /// Measures the bytes one window of <paramref name="calls"/> calls of <paramref name="action"/> allocates on this
    /// thread, after warm-up: the first window at or below <paramref name="limit"/>, else the smallest of
    /// <see cref="MaxWindows"/> windows.
    /// </summary>
    /// <param name="action">The work; it gets the call's index within its window (0 to <paramref name="calls"/> − 1).</param>
    /// <param name="calls">Calls per window.</param>
    /// <param name="limit">The bytes a window may allocate and still count as clean (0 for "allocates nothing").</param>
    /// <returns>The bytes the chosen window allocated.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static long Measure(Action<int> action, int calls = 1, long limit = 0)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfLessThan(calls, 1);
        for (var warm = 0; warm < Math.Max(WarmUpCalls, calls); warm++)
        {
            action(warm % calls);
        }

        var smallest = long.MaxValue;
        for (var window = 1; window <= MaxWindows; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < calls; i++)
            {
                action(i);
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated <= limit)
            {
                return allocated;
            }

            smallest = Math.Min(smallest, allocated);
            TestContext.Current.TestOutputHelper?.WriteLine($"allocation window {window} of {MaxWindows}: {allocated} bytes in {calls} calls (limit {limit})");
        }

        return smallest;
    }

    /// <summary>Fails unless one window of <paramref name="calls"/> calls of <paramref name="action"/> allocates nothing, after warm-up.</summary>
    /// <param name="action">The work; it gets the call's index within its window.</param>
    /// <param name="calls">Calls per window.</param>
    public static void AssertNone(Action<int> action, int calls = 1)
    {
        var allocated = Measure(action, calls);
        Assert.True(allocated == 0, $"allocated {allocated} bytes in every one of {MaxWindows} windows of {calls} calls, after {Math.Max(WarmUpCalls, calls)} warm-up calls");
    }
}
