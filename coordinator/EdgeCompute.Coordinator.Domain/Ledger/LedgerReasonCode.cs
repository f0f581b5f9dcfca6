namespace EdgeCompute.Coordinator.Domain.Ledger;

/// <summary>Why a requested transfer was or was not booked.</summary>
public enum LedgerReasonCode
{
    /// <summary>Booked now as a new entry.</summary>
    Booked = 0,

    /// <summary>The idempotency key was booked before with the same content; the existing entry is returned and nothing is booked.</summary>
    AlreadyBooked = 1,

    /// <summary>The postings do not sum to zero.</summary>
    Unbalanced = 2,

    /// <summary>An account that may not go negative (owner, escrow, fees) would end below zero.</summary>
    Overdrawn = 3,

    /// <summary>Fewer than two postings.</summary>
    TooFewPostings = 4,

    /// <summary>A posting of zero.</summary>
    ZeroAmount = 5,

    /// <summary>The same account appears twice in one entry.</summary>
    DuplicateAccount = 6,

    /// <summary>An amount or a balance would overflow 64 bits.</summary>
    AmountOverflow = 7,

    /// <summary>The idempotency key was booked before with different content; nothing is booked.</summary>
    IdempotencyKeyConflict = 8,

    /// <summary>The key, kind or memo is empty where required, too long, or holds control characters.</summary>
    InvalidText = 9,

    /// <summary>This transfer was fine, but another in the same all-or-nothing batch was refused, so nothing was booked.</summary>
    BatchRefused = 10,
}
