namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>The outcome of <see cref="JobMerger"/>.</summary>
/// <param name="ReasonCode">Ok, or why the outputs do not merge.</param>
/// <param name="Result">The result when <see cref="IsSuccess"/>; null otherwise.</param>
/// <param name="Detail">A line for people (which index, what was wrong).</param>
public sealed record JobMergeResult(JobMergeReasonCode ReasonCode, JobResult? Result, string Detail)
{
    /// <summary>Whether the outputs merged.</summary>
    public bool IsSuccess => ReasonCode == JobMergeReasonCode.Ok && Result is not null;

    /// <summary>A merged result.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The successful outcome.</returns>
    public static JobMergeResult Success(JobResult result) => new(JobMergeReasonCode.Ok, result, "merged");

    /// <summary>No result.</summary>
    /// <param name="reasonCode">Why.</param>
    /// <param name="detail">A line for people.</param>
    /// <returns>The failed outcome.</returns>
    public static JobMergeResult Fail(JobMergeReasonCode reasonCode, string detail) => new(reasonCode, null, detail);

    /// <summary>The failure for an output of the wrong type.</summary>
    /// <param name="index">The task index.</param>
    /// <param name="expected">What the task needs.</param>
    /// <returns>The failed outcome.</returns>
    public static JobMergeResult WrongType(int index, string expected) =>
        Fail(JobMergeReasonCode.WrongOutputType, $"task {index} needs a {expected}");
}
