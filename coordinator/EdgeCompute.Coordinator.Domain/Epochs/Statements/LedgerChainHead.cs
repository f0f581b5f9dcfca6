using System.Collections.Immutable;

namespace EdgeCompute.Coordinator.Domain.Epochs.Statements;

/// <summary>
/// The ledger's chain head a statement pins: sequence number and 32-byte hash of the last entry (taken as plain
/// values so epochs do not depend on the ledger's types).
/// </summary>
/// <param name="Sequence">Sequence number of the last entry; not negative.</param>
/// <param name="Hash">Its 32-byte hash.</param>
public sealed record LedgerChainHead(long Sequence, ImmutableArray<byte> Hash)
{
    /// <summary>Creates a head from a hash span.</summary>
    /// <param name="sequence">Sequence number.</param>
    /// <param name="hash">32 bytes.</param>
    /// <returns>The head.</returns>
    /// <exception cref="ArgumentException">The hash is not 32 bytes or the sequence is negative.</exception>
    public static LedgerChainHead Create(long sequence, ReadOnlySpan<byte> hash)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        if (hash.Length != 32)
        {
            throw new ArgumentException($"a chain head hash is 32 bytes, found {hash.Length}", nameof(hash));
        }

        return new LedgerChainHead(sequence, [.. hash]);
    }
}
