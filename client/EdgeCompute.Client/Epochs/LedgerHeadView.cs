namespace EdgeCompute.Client.Epochs;

/// <summary>The ledger head pinned when an epoch closed.</summary>
/// <param name="Sequence">Sequence number of the last entry.</param>
/// <param name="Hash">Its hash, hex.</param>
public sealed record LedgerHeadView(long Sequence, string Hash);
