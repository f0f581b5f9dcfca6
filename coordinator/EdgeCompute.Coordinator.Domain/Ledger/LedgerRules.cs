namespace EdgeCompute.Coordinator.Domain.Ledger;

/// <summary>Checks of one entry's shape, shared by booking and verification.</summary>
public static class LedgerRules
{
    /// <summary>Whether the postings form a valid double entry: at least two, none zero, one per account, summing to exactly zero.</summary>
    /// <param name="postings">The legs.</param>
    /// <returns><see cref="LedgerReasonCode.Booked"/> when valid, else the first rule broken.</returns>
    public static LedgerReasonCode CheckPostings(IReadOnlyList<Posting> postings)
    {
        ArgumentNullException.ThrowIfNull(postings);
        if (postings.Count < 2) return LedgerReasonCode.TooFewPostings;
        var seen = new HashSet<string>(postings.Count, StringComparer.Ordinal);
        long sum = 0;
        foreach (var posting in postings)
        {
            if (posting.Account.Value is null) return LedgerReasonCode.InvalidText;
            if (posting.Amount == 0) return LedgerReasonCode.ZeroAmount;
            if (!seen.Add(posting.Account.Value)) return LedgerReasonCode.DuplicateAccount;
            try { sum = checked(sum + posting.Amount); }
            catch (OverflowException) { return LedgerReasonCode.AmountOverflow; }
        }
        return sum == 0 ? LedgerReasonCode.Booked : LedgerReasonCode.Unbalanced;
    }

    /// <summary>Whether the key, kind and memo are acceptable: key and kind non-empty, within their limits, no control characters.</summary>
    /// <param name="transfer">The transfer.</param>
    public static bool HasValidText(LedgerTransfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        return IsText(transfer.IdempotencyKey, 1, LedgerTransfer.MaxKeyLength)
            && IsText(transfer.Kind, 1, LedgerTransfer.MaxKindLength)
            && IsText(transfer.Memo, 0, LedgerTransfer.MaxMemoLength);
    }

    private static bool IsText(string? text, int min, int max) =>
        text is not null && text.Length >= min && text.Length <= max && !text.Any(char.IsControl);
}
