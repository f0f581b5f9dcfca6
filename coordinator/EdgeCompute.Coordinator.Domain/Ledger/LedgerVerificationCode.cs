namespace EdgeCompute.Coordinator.Domain.Ledger;

/// <summary>The first rule a ledger broke, or <see cref="Valid"/>.</summary>
public enum LedgerVerificationCode
{
    /// <summary>Every rule holds.</summary>
    Valid = 0,

    /// <summary>Sequence numbers do not run 1, 2, 3, … without gaps.</summary>
    SequenceGap = 1,

    /// <summary>An entry's previous hash is not the hash of the entry before (or not zero for the first).</summary>
    BrokenLink = 2,

    /// <summary>An entry's stored hash is not SHA-256(previous hash || canonical bytes): its content was changed.</summary>
    HashMismatch = 3,

    /// <summary>An entry's postings are not a valid double entry (fewer than two, a zero, an account twice, or not summing to zero).</summary>
    Unbalanced = 4,

    /// <summary>An idempotency key appears on two entries.</summary>
    DuplicateIdempotencyKey = 5,

    /// <summary>An account that may not go negative went below zero.</summary>
    Overdrawn = 6,

    /// <summary>The balances do not sum to zero, or emitted units are not all held by owners, escrow and fees.</summary>
    ConservationBroken = 7,

    /// <summary>The entry at a published head's sequence has a different hash: the chain was rewritten after the head was published.</summary>
    PublishedHeadMismatch = 8,

    /// <summary>A published head lies beyond the last entry: the chain was truncated.</summary>
    PublishedHeadMissing = 9,

    /// <summary>An account text is not a ledger account.</summary>
    UnknownAccount = 10,
}
