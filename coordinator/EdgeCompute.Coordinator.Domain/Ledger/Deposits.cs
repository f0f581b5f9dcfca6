namespace EdgeCompute.Coordinator.Domain.Ledger;

/// <summary>
/// Operator deposits: units credited to a submitter so it can fund jobs. A deposit is new money, so it comes from
/// <c>system:emission</c> (the only account that may go negative) and conservation keeps holding.
/// </summary>
public static class Deposits
{
    /// <summary>The conventional idempotency key of a deposit: <c>deposit:{reference}</c>, e.g. the payment or ticket reference.</summary>
    /// <param name="reference">The operator's reference of the deposit; non-empty.</param>
    public static string KeyFor(string reference)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        return "deposit:" + reference;
    }

    /// <summary>Credits <paramref name="amount"/> to an owner: emission → <c>owner:{id}</c>, kind <see cref="LedgerEntryKinds.Deposit"/>.</summary>
    /// <param name="idempotencyKey">
    /// The caller's key, stable across retries (e.g. <see cref="KeyFor"/> of the operator's reference): a retry books nothing.
    /// </param>
    /// <param name="owner">The credited owner account.</param>
    /// <param name="amount">Micro-units; positive.</param>
    /// <param name="epochId">The epoch the deposit is booked in.</param>
    /// <param name="memo">Free text, e.g. who approved it.</param>
    /// <exception cref="ArgumentException">The account is not an owner account, or the amount is not positive.</exception>
    public static LedgerTransfer Credit(string idempotencyKey, AccountId owner, long amount, long epochId, string memo = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        if (owner.Kind != AccountKind.Owner) throw new ArgumentException($"a deposit credits an owner account, not '{owner}'", nameof(owner));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        return LedgerTransfer.Move(idempotencyKey, epochId, LedgerEntryKinds.Deposit, AccountId.Emission, owner, amount, memo);
    }
}
