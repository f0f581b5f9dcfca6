namespace EdgeCompute.Firmware.Simulator.Fleet;

/// <summary>
/// Compacts the simulator's heap once a large burst of publishing has ended, between two steps.
/// </summary>
/// <remarks>
/// <para>Windows are aligned to the clock, so every device seals and publishes in the same step. What a publish
/// allocates lives until its PUBACK, seconds later when thousands are in flight: long enough to be promoted to the
/// oldest generation, where it stays as garbage until a full collection. The collector's own schedule lets that garbage
/// pile up for several windows. Once a burst of at least the threshold's rounds has ended (no round under way), one
/// blocking, compacting collection returns the heap to what the devices hold: at 10,000 devices it took 0.15–0.4 s
/// (counted in the step's time) and the resident size fell by 20–30 MB each time; the peak fell from 367–374 MB to
/// 285–289 MB with the growing rings beside it (docs/performance.md, "Stop 32").</para>
/// <para>Only the fleet's clock flow calls this; it is not thread-safe.</para>
/// </remarks>
internal sealed class HeapCompaction
{
    private readonly int _threshold;
    private readonly Action _compact;
    private long _roundsSince;

    /// <summary>Creates the policy.</summary>
    /// <param name="threshold">Rounds started since the last compaction that make the next quiet step compact; 0 never.</param>
    /// <param name="compact">The compaction; a blocking, compacting full collection when null.</param>
    public HeapCompaction(int threshold, Action? compact = null)
    {
        _threshold = threshold;
        _compact = compact ?? (() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true));
    }

    /// <summary>Gets how many compactions ran.</summary>
    public int Compactions { get; private set; }

    /// <summary>Compacts once after the fleet has connected, when it has at least the threshold's devices (the connects' garbage).</summary>
    /// <param name="devices">The fleet's size.</param>
    /// <returns>Whether it compacted.</returns>
    public bool AfterStart(int devices)
    {
        if (_threshold == 0 || devices < _threshold)
        {
            return false;
        }

        _compact();
        Compactions++;
        return true;
    }

    /// <summary>Counts a step's rounds, and compacts when enough have run since the last time and none is under way.</summary>
    /// <param name="roundsStarted">Rounds the step started.</param>
    /// <param name="anyUnderWay">Whether any round is still under way (asked only when the threshold is reached).</param>
    /// <returns>Whether it compacted.</returns>
    public bool AfterStep(int roundsStarted, Func<bool> anyUnderWay)
    {
        if (_threshold == 0)
        {
            return false;
        }

        _roundsSince += roundsStarted;
        if (_roundsSince < _threshold || anyUnderWay())
        {
            return false;
        }

        _compact();
        _roundsSince = 0;
        Compactions++;
        return true;
    }
}
