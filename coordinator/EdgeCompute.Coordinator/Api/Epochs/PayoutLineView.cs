namespace EdgeCompute.Coordinator.Api.Epochs;

/// <summary>One payout line of a statement (a leaf of its Merkle tree).</summary>
/// <param name="Owner">The owner (paid into the ledger account <c>owner:{owner}</c>).</param>
/// <param name="Amount">Micro-units paid.</param>
public sealed record PayoutLineView(string Owner, long Amount);
