using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Coordinator.Domain.Work;

/// <summary>What judging one task's pending results decided (<see cref="TaskJudge"/>), before it is committed.</summary>
/// <param name="Task">The task.</param>
/// <param name="Updates">The verdicts to set.</param>
/// <param name="Completion">The task's completion when a result was accepted, else null.</param>
/// <param name="Decided">The verification outcomes behind the verdicts (they feed reputation once committed).</param>
public sealed record TaskDecision(TaskRecord Task, IReadOnlyList<ResultVerdictUpdate> Updates, TaskCompletion? Completion, IReadOnlyList<VerificationOutcome> Decided)
{
    /// <summary>Nodes of different owners these verdicts prove to have returned the same wrong answer (kept apart from now on).</summary>
    public IReadOnlyList<ColludingPair> ColludingPairs { get; init; } = [];
}
