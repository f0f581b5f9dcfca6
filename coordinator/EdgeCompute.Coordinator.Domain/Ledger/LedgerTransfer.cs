namespace EdgeCompute.Coordinator.Domain.Ledger;

/// <summary>
/// A requested booking, before it has a place in the chain. <see cref="LedgerBook"/> turns it into a
/// <see cref="LedgerEntry"/> or refuses it with a <see cref="LedgerReasonCode"/>.
/// </summary>
/// <param name="IdempotencyKey">
/// Unique, stable key of what is being paid, e.g. <c>payout:{epoch}:{owner}</c> or <c>escrow:{job}</c>: a retry with
/// the same key returns the entry booked the first time and books nothing.
/// </param>
/// <param name="EpochId">The epoch the booking belongs to.</param>
/// <param name="Kind">Kind of booking (see <see cref="LedgerEntryKinds"/>).</param>
/// <param name="Memo">Free text; may be empty.</param>
/// <param name="Postings">Legs that must sum to exactly zero, each non-zero, one per account.</param>
public sealed record LedgerTransfer(string IdempotencyKey, long EpochId, string Kind, string Memo, IReadOnlyList<Posting> Postings)
{
    /// <summary>Longest idempotency key, in characters.</summary>
    public const int MaxKeyLength = 200;

    /// <summary>Longest kind, in characters.</summary>
    public const int MaxKindLength = 64;

    /// <summary>Longest memo, in characters.</summary>
    public const int MaxMemoLength = 1000;

    /// <summary>A two-legged transfer of <paramref name="amount"/> micro-units from one account to another.</summary>
    /// <param name="idempotencyKey">Unique key of the booking.</param>
    /// <param name="epochId">The epoch the booking belongs to.</param>
    /// <param name="kind">Kind of booking.</param>
    /// <param name="from">Debited account.</param>
    /// <param name="to">Credited account.</param>
    /// <param name="amount">Micro-units, positive.</param>
    /// <param name="memo">Free text.</param>
    public static LedgerTransfer Move(string idempotencyKey, long epochId, string kind, AccountId from, AccountId to, long amount, string memo = "") =>
        new(idempotencyKey, epochId, kind, memo, [new Posting(from, -amount), new Posting(to, amount)]);
}
