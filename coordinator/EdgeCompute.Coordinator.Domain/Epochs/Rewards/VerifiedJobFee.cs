namespace EdgeCompute.Coordinator.Domain.Epochs.Rewards;

/// <summary>The fee of a job whose verification committed; it joins the pot of that epoch.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Fee">Fee in micro-units; not negative.</param>
/// <param name="VerifiedAt">When the job's verification committed (UTC).</param>
public sealed record VerifiedJobFee(string JobId, long Fee, DateTimeOffset VerifiedAt);
