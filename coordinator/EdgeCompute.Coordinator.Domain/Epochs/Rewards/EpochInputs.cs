using EdgeCompute.Coordinator.Domain.Epochs.Statements;

namespace EdgeCompute.Coordinator.Domain.Epochs.Rewards;

/// <summary>
/// What the store hands over to close an epoch. Items whose <c>VerifiedAt</c> falls outside the epoch are ignored
/// (they are booked in the epoch in which they committed), so the caller may pass a superset.
/// </summary>
/// <param name="WorkCredits">Verified work.</param>
/// <param name="DataCredits">Quality-checked data.</param>
/// <param name="JobFees">Fees of verified jobs.</param>
/// <param name="LedgerHead">The ledger's chain head the statement pins.</param>
public sealed record EpochInputs(
    IReadOnlyList<WorkCredit> WorkCredits,
    IReadOnlyList<DataCredit> DataCredits,
    IReadOnlyList<VerifiedJobFee> JobFees,
    LedgerChainHead LedgerHead);
