using EdgeCompute.Coordinator.Domain.Epochs.Rewards;

namespace EdgeCompute.Coordinator.Domain.Epochs.Fairness;

/// <summary>The result of <see cref="ShareCapFairness.Apply"/>.</summary>
/// <param name="CapAmount">The cap in micro-units: <c>floor(pot · cap / 10,000)</c>.</param>
/// <param name="Amounts">One amount per owner, in the order given.</param>
/// <param name="Unplaced">Units no owner could take (every eligible owner at the cap); they are carried.</param>
/// <param name="Adjustments">One per dampened owner and per owner receiving redistributed units.</param>
public sealed record FairnessOutcome(long CapAmount, IReadOnlyList<long> Amounts, long Unplaced, IReadOnlyList<PayoutAdjustment> Adjustments);
