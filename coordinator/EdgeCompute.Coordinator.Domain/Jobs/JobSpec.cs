using EdgeCompute.Coordinator.Domain.Jobs.Kinds;
using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>
/// What a submitter asks for: one subtype per job kind (<see cref="IJobKind"/>, registered in <see cref="JobKinds"/>). A spec is plain data (it may come from JSON);
/// <see cref="JobSpecValidator"/> says whether it can run, <see cref="JobPlanner"/> splits it into tasks and
/// <see cref="JobMerger"/> joins the verified outputs into a <see cref="JobResult"/>.
/// </summary>
public abstract record JobSpec
{
    private protected JobSpec()
    {
    }

    /// <summary>The job kind's wire name (<see cref="IJobKind.Name"/>).</summary>
    public abstract string Kind { get; }

    /// <summary>The verification the submitter chose; null for the kind's default (<see cref="IJobKind.DefaultVerification"/>).</summary>
    public JobVerificationPolicy? Verification { get; init; }

    /// <summary>
    /// How long the job may run, seconds from its acceptance (<see cref="JobLimits.MinDeadlineSeconds"/> to
    /// <see cref="JobLimits.MaxDeadlineSeconds"/>); past it, its undecided tasks fail once nothing is out, and the job ends
    /// charged for what was verified. Null for the coordinator's default (<c>WorkOptions.JobDeadline</c>, one hour).
    /// </summary>
    public long? DeadlineSeconds { get; init; }
}
