namespace EdgeCompute.Client.Epochs;

/// <summary>A closed epoch in a list.</summary>
/// <param name="Id">The epoch.</param>
/// <param name="Start">Start (inclusive).</param>
/// <param name="End">End (exclusive).</param>
/// <param name="TotalPaid">Micro-units paid to owners.</param>
/// <param name="Owners">Owners paid.</param>
/// <param name="MerkleRoot">Root over the payout lines, hex.</param>
/// <param name="ChainHead">The ledger head pinned at close.</param>
/// <param name="Gini">Gini coefficient of the payouts.</param>
/// <param name="Nakamoto">Nakamoto coefficient of the payouts.</param>
/// <param name="TopDecileShare">Top-decile share of the payouts.</param>
public sealed record EpochSummaryView(long Id, DateTimeOffset Start, DateTimeOffset End, long TotalPaid, int Owners, string MerkleRoot, LedgerHeadView ChainHead,
    double Gini, int Nakamoto, double TopDecileShare);
