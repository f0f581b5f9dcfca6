namespace EdgeCompute.Gateway.Outbox;

/// <summary>What became of an append to the outbox.</summary>
public enum AppendOutcome
{
    /// <summary>Committed durably.</summary>
    Stored,

    /// <summary>The same (device, boot, seq) with the same bytes is already stored: acknowledge it again, stored once.</summary>
    Duplicate,

    /// <summary>The same (device, boot, seq) is stored with different bytes: refused and counted; the first one stays.</summary>
    Conflict,

    /// <summary>The outbox is full of data that may not be evicted (results, states, batches awaiting an ack); not stored.</summary>
    Full,

    /// <summary>The disk under the outbox is full (SQLite reported it); not stored until acknowledged batches are deleted.</summary>
    DiskFull,
}
