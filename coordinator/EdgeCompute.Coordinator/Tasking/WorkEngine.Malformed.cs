using EdgeCompute.Coordinator.Domain.Jobs.Kinds;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Wasm.Host;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.Tasking;

public sealed partial class WorkEngine
{
    /// <summary>
    /// A gateway reported a task's module malformed. Compiling a module is deterministic, so the coordinator compiles it
    /// itself with the gateways' host library: when it agrees, no node will ever run the module and the job fails now, at
    /// the first report, with its refund (the existing failure path), the reason in its detail. When it does not agree
    /// (one gateway's word is not enough to fail someone's job), the report is only that node's failed result: the task
    /// goes on, and is reissued to other nodes as usual.
    /// </summary>
    private async Task MalformedReportedAsync(AssignmentRecord assignment, string gatewayId, CancellationToken cancellationToken)
    {
        var task = await _store.FindTaskAsync(assignment.TaskId, cancellationToken).ConfigureAwait(false);
        if (task is null || await ContextAsync(task.JobId, cancellationToken).ConfigureAwait(false) is not { } context || context.Job.Status != JobStatus.Running)
        {
            return;
        }

        var module = JobKinds.Of(context.Spec).WasmModule(context.Spec);
        var compiled = module is null ? null : ModuleValidator.Shared.Validate(module);
        if (compiled is null || compiled.IsSuccess)
        {
            Counters.Count(WorkCounter.MalformedNotConfirmed);
            _logger.LogWarning("Gateway {Gateway} reported the module of {TaskId}/{Slot} malformed, but it compiles here under the same host library; the task goes on",
                gatewayId, assignment.TaskId, assignment.Slot);
            return;
        }

        if (task.Status == WorkTaskStatus.Open
            && await _store.FinishTaskAsync(task.TaskId, WorkTaskStatus.Failed, null, NowMs, cancellationToken).ConfigureAwait(false))
        {
            Counters.Count(WorkCounter.TaskFailed);
            await CloseIssuedAsync(await TaskStateAsync(task.TaskId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }

        await FailJobAsync(context, $"the module is malformed: {compiled.Message} (reported by {gatewayId} for task {task.TaskId}, confirmed by the coordinator's compilation)",
            cancellationToken).ConfigureAwait(false);
    }
}
