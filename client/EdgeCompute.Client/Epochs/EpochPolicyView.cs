namespace EdgeCompute.Client.Epochs;

/// <summary>The reward policy in force (<c>GET /api/epochs/policy</c>).</summary>
/// <param name="Genesis">When epoch 0 starts.</param>
/// <param name="EpochLengthSeconds">How long an epoch lasts.</param>
/// <param name="EmissionPerEpoch">Micro-units emitted into each epoch's pot.</param>
/// <param name="OwnerShareCapBasisPoints">The most one owner may take of an epoch's pot, in basis points.</param>
public sealed record EpochPolicyView(DateTimeOffset Genesis, double EpochLengthSeconds, long EmissionPerEpoch, int OwnerShareCapBasisPoints);
