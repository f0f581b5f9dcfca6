using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;

namespace EdgeCompute.Coordinator.Api.Jobs;

/// <summary>
/// The API's names of <see cref="JobStatus"/>: <c>running</c>, <c>completed</c>, <c>failed</c>, <c>cancelled</c>; and <c>waiting for nodes</c>,
/// a running job whose open tasks the online fleet cannot place now (not stored: read from the fleet when shown).
/// </summary>
public static class JobStatusNames
{
    /// <summary>A running job whose open tasks the nodes online now cannot place.</summary>
    public const string WaitingForNodes = "waiting for nodes";

    /// <summary>The name of a status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>Its lower-case name.</returns>
    public static string Name(JobStatus status) => status switch
    {
        JobStatus.Running => "running",
        JobStatus.Completed => "completed",
        JobStatus.Failed => "failed",
        JobStatus.Cancelled => "cancelled",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>Reads a status name (case-insensitive).</summary>
    /// <param name="name">The name.</param>
    /// <param name="status">The status when known.</param>
    /// <returns>Whether it names one.</returns>
    public static bool TryParse(string? name, out JobStatus status)
    {
        (var known, status) = name?.ToLowerInvariant() switch
        {
            "running" => (true, JobStatus.Running),
            "completed" => (true, JobStatus.Completed),
            "failed" => (true, JobStatus.Failed),
            "cancelled" => (true, JobStatus.Cancelled),
            _ => (false, JobStatus.Running),
        };
        return known;
    }
}
