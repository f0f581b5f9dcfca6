using EdgeCompute.Coordinator.Domain.Jobs.Kinds;

namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>A job's merged result (<see cref="JobMerger"/>): one subtype per job kind (<see cref="IJobKind"/>).</summary>
public abstract record JobResult
{
    private protected JobResult()
    {
    }

    /// <summary>The job kind's wire name (<see cref="IJobKind.Name"/>).</summary>
    public abstract string Kind { get; }
}
