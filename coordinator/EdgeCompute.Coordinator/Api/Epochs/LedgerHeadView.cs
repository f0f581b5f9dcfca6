namespace EdgeCompute.Coordinator.Api.Epochs;

/// <summary>The ledger chain head a statement pins.</summary>
/// <param name="Sequence">Sequence number of the last entry at close.</param>
/// <param name="Hash">Its hash, lower-case hex.</param>
public sealed record LedgerHeadView(long Sequence, string Hash);
