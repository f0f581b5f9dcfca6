using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Storage.Work;

namespace EdgeCompute.Coordinator.Tasking;

/// <summary>What verifying one task's pending results decided, before it is committed.</summary>
/// <param name="Task">The task.</param>
/// <param name="Updates">The verdicts to set.</param>
/// <param name="Completion">The task's completion when a result was accepted, else null.</param>
/// <param name="Decided">The verification outcomes behind the verdicts (they feed reputation once committed).</param>
internal sealed record TaskDecision(TaskRecord Task, IReadOnlyList<ResultVerdictUpdate> Updates, TaskCompletion? Completion, IReadOnlyList<VerificationOutcome> Decided);
