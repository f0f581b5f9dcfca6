using EdgeCompute.Coordinator.Domain.Pricing;

namespace EdgeCompute.Coordinator.Domain.Ledger;

/// <summary>
/// The money of one job: its quote is escrowed from the submitter when the job is accepted; when it ends, what it is
/// charged is settled into <c>system:fees</c> (joining the pot of the epoch it ended in) and the rest refunded. Each step has
/// a fixed idempotency key per job, so a retried step books nothing, and a job cannot be both settled and refunded for
/// more than it escrowed: the escrow account may not go negative, so the ledger refuses the second with
/// <see cref="LedgerReasonCode.Overdrawn"/>. A submitter who cannot pay is refused the same way at <see cref="Escrow"/>.
/// </summary>
public static class JobFunds
{
    /// <summary>Key of a job's escrow: <c>job:{jobId}:escrow</c>.</summary>
    /// <param name="jobId">The job id.</param>
    public static string EscrowKey(string jobId) => $"job:{jobId}:escrow";

    /// <summary>Key of a job's settlement: <c>job:{jobId}:fee</c>.</summary>
    /// <param name="jobId">The job id.</param>
    public static string FeeKey(string jobId) => $"job:{jobId}:fee";

    /// <summary>Key of a job's refund: <c>job:{jobId}:refund</c>.</summary>
    /// <param name="jobId">The job id.</param>
    public static string RefundKey(string jobId) => $"job:{jobId}:refund";

    /// <summary>Moves the fee from the submitter into the job's escrow: <c>owner:{submitter}</c> → <c>system:escrow:{job}</c>, kind <see cref="LedgerEntryKinds.Escrow"/>.</summary>
    /// <param name="jobId">The job id (a valid account name).</param>
    /// <param name="submitter">The paying owner account.</param>
    /// <param name="fee">Micro-units; positive.</param>
    /// <param name="epochId">The epoch the job was accepted in.</param>
    /// <exception cref="ArgumentException">Not an owner account, a bad job id, or a fee that is not positive.</exception>
    public static LedgerTransfer Escrow(string jobId, AccountId submitter, long fee, long epochId)
    {
        RequireOwner(submitter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fee);
        return LedgerTransfer.Move(EscrowKey(jobId), epochId, LedgerEntryKinds.Escrow, submitter, AccountId.Escrow(jobId), fee);
    }

    /// <summary>Moves the escrowed fee to the fee pool once the job is verified: <c>system:escrow:{job}</c> → <c>system:fees</c>, kind <see cref="LedgerEntryKinds.Fee"/>.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="fee">Micro-units; positive (the escrowed fee).</param>
    /// <param name="epochId">The epoch the job completed in (its fee joins that epoch's pot).</param>
    /// <exception cref="ArgumentException">A bad job id or a fee that is not positive.</exception>
    public static LedgerTransfer Settle(string jobId, long fee, long epochId)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fee);
        return LedgerTransfer.Move(FeeKey(jobId), epochId, LedgerEntryKinds.Fee, AccountId.Escrow(jobId), AccountId.Fees, fee);
    }

    /// <summary>Returns the escrowed fee to the submitter: <c>system:escrow:{job}</c> → <c>owner:{submitter}</c>, kind <see cref="LedgerEntryKinds.Refund"/>.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="submitter">The owner account that paid.</param>
    /// <param name="fee">Micro-units; positive (the escrowed fee).</param>
    /// <param name="epochId">The epoch the job failed in.</param>
    /// <exception cref="ArgumentException">Not an owner account, a bad job id, or a fee that is not positive.</exception>
    public static LedgerTransfer Refund(string jobId, AccountId submitter, long fee, long epochId)
    {
        RequireOwner(submitter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fee);
        return LedgerTransfer.Move(RefundKey(jobId), epochId, LedgerEntryKinds.Refund, AccountId.Escrow(jobId), submitter, fee);
    }

    /// <summary>
    /// The transfers that close a finished job's escrow (completed, failed or cancelled): <see cref="Settle"/> of what it is
    /// charged (when positive) and <see cref="Refund"/> of the rest (when positive), each under its fixed key, so each is
    /// booked once however often the close is retried or reconciled; together they empty the escrow exactly.
    /// </summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="submitter">The owner account that paid.</param>
    /// <param name="charge">The split of the escrow (<see cref="JobCharge"/>).</param>
    /// <param name="epochId">The epoch the job finished in (the charge joins its pot).</param>
    /// <returns>None, one or two transfers.</returns>
    public static IReadOnlyList<LedgerTransfer> Close(string jobId, AccountId submitter, JobCharge charge, long epochId)
    {
        ArgumentNullException.ThrowIfNull(charge);
        var transfers = new List<LedgerTransfer>(2);
        if (charge.Charged > 0)
        {
            transfers.Add(Settle(jobId, charge.Charged, epochId));
        }

        if (charge.Refunded > 0)
        {
            transfers.Add(Refund(jobId, submitter, charge.Refunded, epochId));
        }

        return transfers;
    }

    private static void RequireOwner(AccountId submitter)
    {
        if (submitter.Kind != AccountKind.Owner) throw new ArgumentException($"a job is paid from an owner account, not '{submitter}'", nameof(submitter));
    }
}
