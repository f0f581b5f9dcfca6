namespace EdgeCompute.Client.Epochs;

/// <summary>A payout line of a statement.</summary>
/// <param name="Owner">The owner.</param>
/// <param name="Amount">Micro-units paid.</param>
public sealed record PayoutLineView(string Owner, long Amount);
