using EdgeCompute.Coordinator.Domain.Work;

namespace EdgeCompute.Coordinator.Storage.Work;

/// <summary>
/// A cheap summary of a task's stored state: if it equals the one computed from what a caller read plus what it wrote,
/// nobody else changed the task in between, and the caller's copy is the stored state.
/// </summary>
/// <param name="Status">The task's status.</param>
/// <param name="Results">How many results it has.</param>
/// <param name="VerdictSum">The sum of their verdict codes (a result judged meanwhile changes it).</param>
/// <param name="Assignments">How many assignments it has.</param>
/// <param name="StateSum">The sum of their state codes (an assignment withdrawn or closed meanwhile changes it).</param>
public readonly record struct TaskFingerprint(WorkTaskStatus Status, long Results, long VerdictSum, long Assignments, long StateSum)
{
    /// <summary>The fingerprint of a task's state as a caller holds it.</summary>
    /// <param name="status">The task's status.</param>
    /// <param name="assignments">Its assignments.</param>
    /// <param name="results">Its results.</param>
    /// <returns>The fingerprint.</returns>
    public static TaskFingerprint Of(WorkTaskStatus status, IReadOnlyCollection<AssignmentRecord> assignments, IReadOnlyCollection<ResultRecord> results) =>
        new(status, results.Count, results.Sum(r => (long)r.Verdict), assignments.Count, assignments.Sum(a => (long)a.State));
}
