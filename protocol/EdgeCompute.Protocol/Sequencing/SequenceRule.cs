namespace EdgeCompute.Protocol.Sequencing;

/// <summary>
/// The one duplicate/replay rule for every sender (docs/protocol.md, "Duplicates and replays"), enforced by the stores
/// with a unique index on <see cref="SequenceKey"/>:
/// <list type="bullet">
/// <item>a key not seen before is <see cref="SequenceClass.Accepted"/> and stored;</item>
/// <item>a key seen before with the same SHA-256 of the payload is a <see cref="SequenceClass.Duplicate"/>: acknowledged again, stored once;</item>
/// <item>a key seen before with a different hash is a <see cref="SequenceClass.Conflict"/>: rejected and counted, the first one stays.</item>
/// </list>
/// Frames of an older boot may still arrive late from an outbox and are judged by the same rule. A replayed frame or
/// batch is either a duplicate (same bytes) or fails its MAC/signature (altered bytes). Results are additionally
/// identified by (task, replica slot, device), and each slot is paid at most once.
/// </summary>
public static class SequenceRule
{
    /// <summary>Classifies an arriving payload against what is stored under its key.</summary>
    /// <param name="existingHash">The stored payload hash for the key, or null when the key is new.</param>
    /// <param name="newHash">The arriving payload's hash (<see cref="PayloadHash.Of"/>).</param>
    /// <returns>Accepted, Duplicate or Conflict.</returns>
    public static SequenceClass Classify(byte[]? existingHash, ReadOnlySpan<byte> newHash) =>
        existingHash is null ? SequenceClass.Accepted
        : existingHash.AsSpan().SequenceEqual(newHash) ? SequenceClass.Duplicate
        : SequenceClass.Conflict;
}
