using EdgeCompute.Coordinator.Domain.Ledger;

namespace EdgeCompute.Coordinator.Api.Accounts;

/// <summary>A booked deposit as <c>POST /api/deposits</c> answers it.</summary>
/// <param name="Reference">The operator's reference.</param>
/// <param name="Owner">The credited owner.</param>
/// <param name="Amount">Micro-units credited.</param>
/// <param name="EpochId">The epoch it is booked in.</param>
/// <param name="Sequence">Its ledger entry's sequence number.</param>
/// <param name="Booked">When it was booked.</param>
/// <param name="EntryHash">Its ledger entry's hash, lower-case hex.</param>
/// <param name="Created">True when this request booked it; false when it was booked before (a retry).</param>
public sealed record DepositView(string Reference, string Owner, long Amount, long EpochId, long Sequence, DateTimeOffset Booked, string EntryHash, bool Created)
{
    /// <summary>Reads the credited owner and amount of a deposit entry.</summary>
    /// <param name="entry">A ledger entry.</param>
    /// <returns>The owner and amount, or null when the entry is not a deposit to one owner.</returns>
    public static (string Owner, long Amount)? Credit(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Kind != LedgerEntryKinds.Deposit)
        {
            return null;
        }

        var credits = entry.Postings.Where(p => p.Account.Kind == AccountKind.Owner && p.Amount > 0).ToList();
        return credits.Count == 1 ? (credits[0].Account.Value["owner:".Length..], credits[0].Amount) : null;
    }

    /// <summary>Builds the view of a deposit entry.</summary>
    /// <param name="reference">The reference.</param>
    /// <param name="entry">The entry (a deposit: see <see cref="Credit"/>).</param>
    /// <param name="created">Whether this request booked it.</param>
    /// <returns>The view.</returns>
    public static DepositView Of(string reference, LedgerEntry entry, bool created)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var (owner, amount) = Credit(entry) ?? throw new ArgumentException($"entry {entry.Sequence} is not a deposit", nameof(entry));
        return new DepositView(reference, owner, amount, entry.EpochId, entry.Sequence, entry.Timestamp, entry.Hash.ToHex(), created);
    }
}
