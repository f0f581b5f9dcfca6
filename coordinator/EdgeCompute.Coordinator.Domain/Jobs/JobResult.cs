namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>A job's merged result (<see cref="JobMerger"/>): one subtype per <see cref="JobKind"/>.</summary>
public abstract record JobResult
{
    private protected JobResult()
    {
    }

    /// <summary>The job kind.</summary>
    public abstract JobKind Kind { get; }
}
