namespace EdgeCompute.Coordinator.Domain.Epochs.Statements;

/// <summary>One (owner, amount) leaf of an epoch statement.</summary>
/// <param name="Owner">The owner's payout account.</param>
/// <param name="Amount">Micro-units paid; not negative.</param>
public sealed record PayoutLine(string Owner, long Amount);
