namespace EdgeCompute.Gateway.Outbox;

/// <summary>
/// The outbox's view of a full disk. When SQLite reports it (<c>SQLITE_FULL</c>), new items are refused without touching
/// the database (<see cref="AppendOutcome.DiskFull"/>: the device keeps its frame and sends it again later) while the
/// uplink carries on sending and the acks delete what the coordinator stored. Appends are tried again as soon as a
/// delete made room, and otherwise one every <see cref="RetryMs"/>, in case room was made outside. Used by the writer
/// thread; the counters are read from any thread.
/// </summary>
internal sealed class DiskFullState
{
    /// <summary>How long appends are refused outright before one is let through to try the disk again.</summary>
    public const long RetryMs = 5_000;

    private long _sinceMs = -1;
    private bool _roomMade;
    private long _refused;
    private long _episodes;

    /// <summary>Gets whether the disk is full as far as the outbox knows.</summary>
    public bool IsFull => Volatile.Read(ref _sinceMs) >= 0;

    /// <summary>Gets how many appends were refused because the disk was full.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Gets how many times the disk filled up.</summary>
    public long Episodes => Interlocked.Read(ref _episodes);

    /// <summary>Whether an append must be refused now without touching the database (counted).</summary>
    public bool Refuse(long nowMs)
    {
        var since = Volatile.Read(ref _sinceMs);
        if (since < 0)
        {
            return false;
        }

        if (nowMs - since >= RetryMs)
        {
            Volatile.Write(ref _sinceMs, nowMs); // this one tries; if the disk is still full the state starts over
            return false;
        }

        Interlocked.Increment(ref _refused);
        return true;
    }

    /// <summary>SQLite reported the disk full; returns whether this starts a new episode.</summary>
    public bool Entered(long nowMs)
    {
        _roomMade = false;
        var wasFull = Volatile.Read(ref _sinceMs) >= 0;
        Volatile.Write(ref _sinceMs, nowMs);
        if (!wasFull)
        {
            Interlocked.Increment(ref _episodes);
        }

        return !wasFull;
    }

    /// <summary>A delete in the current transaction gave room back (it counts once committed).</summary>
    public void RoomMade() => _roomMade = true;

    /// <summary>A transaction committed; returns whether that ended a full-disk episode (a delete made room, or an append went through).</summary>
    public bool Committed(bool appended)
    {
        var ended = IsFull && (_roomMade || appended);
        _roomMade = false;
        if (ended)
        {
            Volatile.Write(ref _sinceMs, -1);
        }

        return ended;
    }
}
