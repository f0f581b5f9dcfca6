using EdgeCompute.Coordinator.Domain.Jobs.Kinds;

namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>
/// Joins a job's verified task outputs into its <see cref="JobResult"/> (<see cref="IJobKind.Merge"/>). Expects exactly one output per task index
/// (0 to count − 1, where the count follows from the spec, or for a sensor query from the outputs); anything else, or
/// an output that contradicts its task, is a failure with a reason code, never a partial result.
/// </summary>
public static class JobMerger
{
    /// <summary>
    /// Merges the outputs of a job, taking the task count from the spec (or, for a sensor query, from the outputs: use
    /// the overload with the plan's task count there, or a missing last output goes unnoticed).
    /// </summary>
    /// <param name="spec">The job's spec.</param>
    /// <param name="outputs">One verified output per task, in any order.</param>
    /// <returns>The result, or why the outputs do not merge.</returns>
    public static JobMergeResult Merge(JobSpec spec, IReadOnlyList<TaskOutput> outputs) => Merge(spec, outputs, null);

    /// <summary>Merges the outputs of a job that was planned into <paramref name="taskCount"/> tasks.</summary>
    /// <param name="spec">The job's spec.</param>
    /// <param name="outputs">One verified output per task, in any order.</param>
    /// <param name="taskCount">The plan's task count (<see cref="JobPlan.Tasks"/>); null to derive it as the other overload does.</param>
    /// <returns>The result, or why the outputs do not merge.</returns>
    public static JobMergeResult Merge(JobSpec spec, IReadOnlyList<TaskOutput> outputs, int? taskCount)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(outputs);
        var check = JobSpecValidator.Validate(spec);
        if (!check.IsValid)
        {
            return JobMergeResult.Fail(JobMergeReasonCode.InvalidSpec, check.ToString());
        }

        var kind = JobKinds.Of(spec);
        var derived = kind.TaskCount(spec);
        if (taskCount is { } given && (given < 0 || (derived is { } made && made != (ulong)given)))
        {
            return JobMergeResult.Fail(JobMergeReasonCode.InvalidSpec, $"the plan has {given} tasks; the spec makes {derived}");
        }

        var count = derived ?? (ulong)(taskCount ?? outputs.Count);
        if (count == 0)
        {
            return JobMergeResult.Fail(JobMergeReasonCode.MissingOutput, "no outputs: a sensor query has at least one task");
        }

        var byIndex = new TaskOutput?[(int)count];
        foreach (var output in outputs)
        {
            ArgumentNullException.ThrowIfNull(output, nameof(outputs));
            if (output.Index < 0 || output.Index >= byIndex.Length)
            {
                return JobMergeResult.Fail(JobMergeReasonCode.IndexOutOfRange, $"output index {output.Index} is not a task of this job (0 to {byIndex.Length - 1})");
            }

            if (byIndex[output.Index] is not null)
            {
                return JobMergeResult.Fail(JobMergeReasonCode.DuplicateOutput, $"task {output.Index} has more than one output");
            }

            byIndex[output.Index] = output;
        }

        var missing = Array.FindIndex(byIndex, o => o is null);
        if (missing >= 0)
        {
            return JobMergeResult.Fail(JobMergeReasonCode.MissingOutput, $"task {missing} has no output ({byIndex.Count(o => o is null)} of {byIndex.Length} missing)");
        }

        return kind.Merge(spec, byIndex.Select(o => o!).ToArray());
    }
}
