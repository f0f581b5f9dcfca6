using EdgeCompute.Coordinator.Domain.Work;

namespace EdgeCompute.Coordinator.Storage.Work;

/// <summary>One task's part of a batch judgement: its verdicts, its completion when decided, and the assignments still out to close with it.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Verdicts">Verdicts on its pending results (all of this task).</param>
/// <param name="Completion">The task's completion, or null while it stays open.</param>
/// <param name="CloseIssued">Its assignments still issued that close with the completion (empty when none).</param>
public sealed record TaskJudgement(string TaskId, IReadOnlyList<ResultVerdictUpdate> Verdicts, TaskCompletion? Completion, IReadOnlyList<AssignmentKey> CloseIssued);
