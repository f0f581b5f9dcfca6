using System.Collections.Concurrent;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Reexecution;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Wasm.Host.Running;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.Tasking;

public sealed partial class WorkEngine
{
    private readonly ConcurrentQueue<(string TaskId, string GatewayId)> _trapReports = new();
    private readonly HashSet<string> _trapChecked = new(StringComparer.Ordinal);

    /// <summary>
    /// A gateway reported that a task's module trapped. Two nodes agreeing is not enough to fail someone's job (they could
    /// collude), so the report is queued for the coordinator's own re-execution (<see cref="CheckReportedTrapsAsync"/>);
    /// until then the report is only that node's failed result. Each task is re-executed once. Under the engine's lock.
    /// </summary>
    private void TrapReported(AssignmentRecord assignment, string gatewayId)
    {
        if (_trapChecked.Add(assignment.TaskId))
        {
            _trapReports.Enqueue((assignment.TaskId, gatewayId));
        }
    }

    /// <summary>
    /// Re-executes the tasks whose traps were reported, with <see cref="WasmReexecutor"/>, outside the engine's lock (a
    /// run may take seconds). A trap reproduced on the task's own input and limits is the module's fault: the task fails
    /// and its job fails at once, refunded, the reason in its detail. A trap not reproduced leaves the task to be
    /// reissued as usual, and the reporting node's result stays a failure. Called at the start of each
    /// <see cref="PumpAsync"/>.
    /// </summary>
    /// <returns>How many reports were settled.</returns>
    private async Task<int> CheckReportedTrapsAsync(CancellationToken cancellationToken)
    {
        var settled = 0;
        while (_trapReports.TryDequeue(out var report))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var task = await _store.FindTaskAsync(report.TaskId, cancellationToken).ConfigureAwait(false);
            if (task is null || task.Status != WorkTaskStatus.Open || !TaskTemplate.TryDecode(task, out var template, out _))
            {
                continue;
            }

            var job = await _store.FindJobAsync(task.JobId, cancellationToken).ConfigureAwait(false);
            var spec = job is null || job.Status != JobStatus.Running ? null : JobJson.DeserializeSpec(job.SpecJson).Value;
            if (spec is null || await RunnableAsync(template.Parameters, spec, cancellationToken).ConfigureAwait(false) is not { } runnable)
            {
                continue; // not a WebAssembly task, or (by hash) its blobs are gone: the task goes on
            }

            var (run, compileProblem) = await Task.Run(
                () => WasmReexecutor.Shared.Run(runnable.Module, runnable.Input.Span, runnable.Fuel, runnable.MemoryBytes, cancellationToken), cancellationToken).ConfigureAwait(false);
            settled++;
            using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
            if (run?.Outcome != RunOutcome.Trap)
            {
                Counters.Count(WorkCounter.TrapNotReproduced);
                _logger.LogWarning("Gateway {Gateway} reported task {TaskId} trapped; the coordinator's re-execution ended {Outcome}; the task goes on",
                    report.GatewayId, task.TaskId, run?.Outcome.ToString() ?? $"without compiling ({compileProblem})");
                continue;
            }

            Counters.Count(WorkCounter.TrapReproduced);
            var ran = await TrapReportsAsync(task.TaskId, cancellationToken).ConfigureAwait(false);
            var faultUnits = checked((long)Math.Min(run.Fuel, (ulong)long.MaxValue / (ulong)Math.Max(1, ran)) * Math.Max(1, ran));
            await FailForTheModuleAsync(task,
                $"the module traps on the input of task {task.TaskId}: {run.Message} (reported by {report.GatewayId}, reproduced by the coordinator's re-execution; " +
                $"{run.Fuel} fuel to the trap on {Math.Max(1, ran)} nodes charged)",
                cancellationToken, faultUnits).ConfigureAwait(false);
        }

        return settled;
    }

    /// <summary>How many nodes reported the task's module trapping (the stored results saying so).</summary>
    private async Task<int> TrapReportsAsync(string taskId, CancellationToken cancellationToken)
    {
        var results = await _store.ReadResultsAsync(taskId, cancellationToken).ConfigureAwait(false);
        return results.Count(r => GatewayResultBody.TryDecode(r.Body, out var status, out _, out _) && status == EdgeCompute.Protocol.Batches.GatewayTaskStatus.Trap);
    }
}
