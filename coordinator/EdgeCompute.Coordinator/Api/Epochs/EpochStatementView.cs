using EdgeCompute.Coordinator.Domain.Epochs.Metrics;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;

namespace EdgeCompute.Coordinator.Api.Epochs;

/// <summary>
/// A closed epoch's signed statement as <c>GET /api/epochs/{id}</c> shows it. <see cref="SignedBytes"/> are the exact
/// bytes <see cref="Signature"/> covers (ECDSA P-256 / SHA-256, IEEE P1363), so anyone holding
/// <see cref="CoordinatorPublicKey"/> can check the statement without this code.
/// </summary>
/// <param name="Id">The epoch.</param>
/// <param name="Start">Start (inclusive).</param>
/// <param name="End">End (exclusive).</param>
/// <param name="Emission">Units emitted for the epoch.</param>
/// <param name="Fees">Fees of the jobs completed in it.</param>
/// <param name="Pot">Emission plus fees.</param>
/// <param name="TotalPaid">Sum of the payout lines.</param>
/// <param name="Carried">Units carried to <paramref name="CarryAccount"/>.</param>
/// <param name="CarryAccount">The carry account.</param>
/// <param name="MerkleRoot">Root over the payout lines, lower-case hex.</param>
/// <param name="ChainHead">The ledger head pinned at close.</param>
/// <param name="Metrics">Inequality metrics computed from the payout lines.</param>
/// <param name="Payouts">The payout lines, in statement (Merkle leaf) order.</param>
/// <param name="Signature">The coordinator's signature, base64.</param>
/// <param name="SignedBytes">The to-be-signed encoding, base64.</param>
/// <param name="CoordinatorPublicKey">The coordinator's public key (SubjectPublicKeyInfo, base64).</param>
public sealed record EpochStatementView(long Id, DateTimeOffset Start, DateTimeOffset End, long Emission, long Fees, long Pot, long TotalPaid, long Carried,
    string CarryAccount, string MerkleRoot, LedgerHeadView ChainHead, PayoutMetricsView Metrics, IReadOnlyList<PayoutLineView> Payouts, string Signature,
    string SignedBytes, string CoordinatorPublicKey)
{
    /// <summary>Builds the view.</summary>
    /// <param name="statement">The statement.</param>
    /// <param name="coordinatorPublicKey">The coordinator's public key, base64.</param>
    /// <returns>The view.</returns>
    public static EpochStatementView Of(EpochStatement statement, string coordinatorPublicKey)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return new EpochStatementView(statement.EpochId, statement.Start, statement.End, statement.Emission, statement.Fees, statement.Pot, statement.TotalPaid,
            statement.Carried, statement.CarryAccount, Convert.ToHexStringLower(statement.MerkleRoot.AsSpan()), EpochSummaryView.HeadOf(statement),
            PayoutMetricsView.Of(PayoutMetricsCalculator.Compute(statement.Payouts.Select(l => l.Amount))),
            [.. statement.Payouts.Select(l => new PayoutLineView(l.Owner, l.Amount))], Convert.ToBase64String(statement.Signature.AsSpan()),
            Convert.ToBase64String(EpochStatementEncoding.ToBeSigned(statement)), coordinatorPublicKey);
    }
}
