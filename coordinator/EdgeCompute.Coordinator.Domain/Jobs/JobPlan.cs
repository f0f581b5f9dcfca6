using EdgeCompute.Coordinator.Domain.Jobs.Kinds;
using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>A job split into tasks.</summary>
/// <param name="JobId">The job id.</param>
/// <param name="Kind">The job kind's wire name.</param>
/// <param name="Tasks">The tasks, in index order (task i has <see cref="PlannedTask.Index"/> i).</param>
/// <param name="Verification">The spec's policy, or the kind's default (<see cref="IJobKind.DefaultVerification"/>).</param>
public sealed record JobPlan(string JobId, string Kind, IReadOnlyList<PlannedTask> Tasks, JobVerificationPolicy Verification);
