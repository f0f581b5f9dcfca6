namespace EdgeCompute.Coordinator.Domain.Ledger;

/// <summary>What happened to one requested transfer.</summary>
/// <param name="IdempotencyKey">The transfer's key.</param>
/// <param name="ReasonCode">Booked, already booked, or why it was refused.</param>
/// <param name="Entry">The entry booked now (<see cref="LedgerReasonCode.Booked"/>) or before (<see cref="LedgerReasonCode.AlreadyBooked"/>); otherwise null.</param>
public sealed record LedgerBookingOutcome(string IdempotencyKey, LedgerReasonCode ReasonCode, LedgerEntry? Entry)
{
    /// <summary>Whether the transfer is in the ledger, now or from before: the caller may treat it as done.</summary>
    public bool IsSuccess => ReasonCode is LedgerReasonCode.Booked or LedgerReasonCode.AlreadyBooked;
}
