using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Reexecution;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Wasm.Host.Running;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>
/// Settles the WebAssembly quorums held because a suspect node was among the winners (<see cref="TaskJudge.AwaitsModuleReExecution"/>):
/// the coordinator runs the task itself with the gateways' host library (<see cref="WasmReexecutor"/>), outside the
/// work lock, then judges every replica against its own result (<see cref="Domain.Verification.SuspectReExecution"/>): a
/// suspect node and an undetected partner sharing a wrong answer both lose and are recorded as a colluding pair; right
/// answers are paid. A task that cannot be re-executed here — data-local (<c>sensor-query</c>: no local store at the
/// coordinator), its blobs gone, a module that does not compile here, a run cut by the wall clock — is judged on the
/// vote, as before, and counted.
/// </summary>
internal sealed class SuspectQuorumChecks
{
    private readonly WorkState _state;
    private readonly IWorkStore _store;
    private readonly ILogger _logger;
    private readonly JobModules _modules;
    private readonly TaskJudging _judging;

    public SuspectQuorumChecks(WorkState state, JobModules modules, TaskJudging judging)
    {
        _state = state;
        _store = state.Store;
        _logger = state.Logger;
        _modules = modules;
        _judging = judging;
    }

    /// <summary>Re-executes and judges every held quorum. Called at the start of each <see cref="TaskIssue.PumpAsync"/>, before the lock.</summary>
    /// <param name="cancellationToken">Cancels between tasks.</param>
    /// <returns>How many held quorums were judged.</returns>
    public async Task<int> SettleAsync(CancellationToken cancellationToken)
    {
        var settled = 0;
        while (_state.SuspectQuorums.TryTake(out var taskId))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var task = await _store.FindTaskAsync(taskId, cancellationToken).ConfigureAwait(false);
            if (task is null || task.Status != WorkTaskStatus.Open)
            {
                continue; // decided meanwhile (another replica, a cancel)
            }

            var (run, why) = await RunAsync(task, cancellationToken).ConfigureAwait(false);
            using var held = await _state.LockAsync(cancellationToken).ConfigureAwait(false);
            if (run is null)
            {
                _state.Counters.Count(WorkCounter.SuspectQuorumNotReExecutable);
                _logger.LogWarning("Task {TaskId}: a suspect node is among its quorum's winners, but the coordinator cannot re-execute it ({Why}); the vote stands",
                    taskId, why);
            }
            else
            {
                _state.Counters.Count(WorkCounter.SuspectQuorumReExecuted);
            }

            await _judging.EvaluateAsync(task, cancellationToken, new ReExecutedModule(taskId, run)).ConfigureAwait(false);
            settled++;
        }

        return settled;
    }

    /// <summary>The coordinator's run of the task, or why there is none.</summary>
    private async Task<(RunResult? Run, string? Why)> RunAsync(TaskRecord task, CancellationToken cancellationToken)
    {
        var job = await _store.FindJobAsync(task.JobId, cancellationToken).ConfigureAwait(false);
        if (job is null || !TaskTemplate.TryDecode(task, out var template, out _) || JobJson.DeserializeSpec(job.SpecJson).Value is not { } spec)
        {
            return (null, "its job or template does not read back");
        }

        if (JobKinds.Of(spec).Region(spec) is not null)
        {
            return (null, "it reads the windows stored at its gateway");
        }

        if (await _modules.ReExecuteAsync(template.Parameters, spec, cancellationToken).ConfigureAwait(false) is not { } reExecuted)
        {
            return (null, "its module or input is no longer held");
        }

        var (run, compileProblem) = reExecuted;

        return run switch
        {
            null => (null, $"its module does not compile here: {compileProblem}"),
            { Outcome: RunOutcome.Deadline or RunOutcome.Cancelled } => (null, $"the run ended {run.Outcome}, which says nothing of the module"),
            _ => (run, null),
        };
    }
}
