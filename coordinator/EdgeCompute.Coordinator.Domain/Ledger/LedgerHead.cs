namespace EdgeCompute.Coordinator.Domain.Ledger;

/// <summary>
/// The tip of the chain: the last entry's sequence number and hash. An empty ledger's head is sequence 0 with
/// <see cref="LedgerHash.Zero"/>. A head published in a signed epoch statement pins every entry up to it.
/// </summary>
/// <param name="Sequence">Sequence number of the last entry (0 when empty).</param>
/// <param name="Hash">That entry's hash.</param>
public sealed record LedgerHead(long Sequence, LedgerHash Hash)
{
    /// <summary>The head of an empty ledger.</summary>
    public static LedgerHead Genesis { get; } = new(0, LedgerHash.Zero);
}
