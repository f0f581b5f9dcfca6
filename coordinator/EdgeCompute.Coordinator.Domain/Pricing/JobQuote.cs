using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Coordinator.Domain.Pricing;

/// <summary>
/// The most a job can cost, escrowed when it is accepted: every task's whole budget (op budget or fuel) on as many
/// replicas as its verification can credit, at the rate of the job's target, plus its storage once. What the job is
/// charged in the end (<see cref="JobCharge"/>) is never more.
/// </summary>
/// <param name="Rate">Micro-units per million cost units per replica, the rate of the job's target; the job keeps it.</param>
/// <param name="ReplicasCharged">Replicas a task may be charged for at most.</param>
/// <param name="Compute">The most the job's work can cost.</param>
/// <param name="StorageBytes">The bytes the job keeps on the coordinator.</param>
/// <param name="Storage">What they cost (charged whatever becomes of the job).</param>
public sealed record JobQuote(long Rate, int ReplicasCharged, long Compute, long StorageBytes, long Storage)
{
    /// <summary>Gets the quote's total, the escrow: <see cref="Compute"/> + <see cref="Storage"/>.</summary>
    public long Total => checked(Compute + Storage);

    /// <summary>Quotes a planned job.</summary>
    /// <param name="plan">The job's plan (its tasks' budgets, target and verification).</param>
    /// <param name="storageBytes">The bytes it keeps on the coordinator (<see cref="JobStorage.BytesOf"/>).</param>
    /// <param name="prices">The prices in force.</param>
    /// <returns>The quote.</returns>
    /// <exception cref="OverflowException">A price beyond 2^63 micro-units.</exception>
    public static JobQuote Of(JobPlan plan, long storageBytes, PriceList prices)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(prices);
        ArgumentOutOfRangeException.ThrowIfNegative(storageBytes);
        var rate = plan.Tasks.Count > 0 && plan.Tasks[0].Target == TaskTarget.Device ? prices.DeviceOpsPerMillion : prices.GatewayFuelPerMillion;
        var replicas = ReplicasChargedFor(plan.Verification);
        Int128 units = 0;
        foreach (var task in plan.Tasks)
        {
            units += (Int128)task.Budget * replicas;
        }

        return new JobQuote(rate, replicas, JobCharge.PriceOf(units, rate), storageBytes, StorageCost(storageBytes, prices.StoragePerMiB));
    }

    /// <summary>
    /// Replicas whose results can be credited for one task: all <c>n</c> of a quorum (or of adaptive replication's
    /// replicated tasks) may agree; one under a direct proof-of-work check or sampled re-execution (the coordinator's own
    /// re-execution is not charged).
    /// </summary>
    /// <param name="policy">The job's verification.</param>
    /// <returns>1 or more.</returns>
    public static int ReplicasChargedFor(JobVerificationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Method is VerificationMethod.Quorum or VerificationMethod.AdaptiveReplication ? Math.Max(1, Math.Max(policy.Quorum, policy.Replicas)) : 1;
    }

    /// <summary>The storage part: <paramref name="bytes"/> at <paramref name="perMiB"/>, rounded up to a whole micro-unit.</summary>
    /// <param name="bytes">Bytes kept.</param>
    /// <param name="perMiB">Micro-units per MiB.</param>
    /// <returns>Micro-units.</returns>
    public static long StorageCost(long bytes, long perMiB) => (long)CeilDiv((Int128)bytes * perMiB, PriceList.BytesPerMiB);

    internal static Int128 CeilDiv(Int128 value, long by) => (value + by - 1) / by;
}
