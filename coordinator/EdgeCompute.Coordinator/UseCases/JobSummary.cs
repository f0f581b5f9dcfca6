using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>One line describing a job's result, for logs, the API's job list and the demo's table (the kind's <see cref="IJobKind.Describe"/>).</summary>
public static class JobSummary
{
    /// <summary>Describes a result.</summary>
    /// <param name="result">The merged result.</param>
    /// <returns>A short line; the kind's name for a kind not registered.</returns>
    public static string Describe(JobResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JobKinds.TryFind(result.Kind, out var kind) && kind.ResultType == result.GetType() ? kind.Describe(result) : result.Kind;
    }
}
