namespace EdgeCompute.Client.Epochs;

/// <summary>A closed epoch's signed statement. Check it with <see cref="Proofs.PayoutProofVerifier"/> and a pinned key, never with <see cref="CoordinatorPublicKey"/>.</summary>
/// <param name="Id">The epoch.</param>
/// <param name="Start">Start (inclusive).</param>
/// <param name="End">End (exclusive).</param>
/// <param name="Emission">Units emitted.</param>
/// <param name="Fees">Fees of the jobs completed in it.</param>
/// <param name="Pot">Emission plus fees.</param>
/// <param name="TotalPaid">Sum of the payout lines.</param>
/// <param name="Carried">Units carried over.</param>
/// <param name="CarryAccount">The carry account.</param>
/// <param name="MerkleRoot">Root over the payout lines, hex.</param>
/// <param name="ChainHead">The ledger head pinned at close.</param>
/// <param name="Metrics">Inequality metrics.</param>
/// <param name="Payouts">The payout lines, in leaf order.</param>
/// <param name="Signature">The coordinator's signature (ECDSA P-256/SHA-256, IEEE P1363), base64.</param>
/// <param name="SignedBytes">Exactly what is signed, base64.</param>
/// <param name="CoordinatorPublicKey">The key the coordinator says it signs with (SubjectPublicKeyInfo, base64): informative only.</param>
public sealed record EpochStatementView(long Id, DateTimeOffset Start, DateTimeOffset End, long Emission, long Fees, long Pot, long TotalPaid, long Carried,
    string CarryAccount, string MerkleRoot, LedgerHeadView ChainHead, PayoutMetricsView Metrics, IReadOnlyList<PayoutLineView> Payouts, string Signature,
    string SignedBytes, string CoordinatorPublicKey);
