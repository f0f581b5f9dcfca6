using System.Collections.Concurrent;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Wasm.Host;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.Tasking;

public sealed partial class WorkEngine
{
    private readonly ConcurrentQueue<(string TaskId, string GatewayId)> _malformedReports = new();
    private readonly HashSet<string> _malformedChecked = new(StringComparer.Ordinal);

    /// <summary>A gateway reported a task's module malformed: queued for <see cref="CheckMalformedReportsAsync"/>, once per task. Under the engine's lock.</summary>
    private void MalformedReported(AssignmentRecord assignment, string gatewayId)
    {
        if (_malformedChecked.Add(assignment.TaskId))
        {
            _malformedReports.Enqueue((assignment.TaskId, gatewayId));
        }
    }

    /// <summary>
    /// Settles the Malformed reports. Compiling a module is deterministic, so the coordinator compiles it itself with the
    /// gateways' host library, outside the engine's lock (a large module takes seconds): when it agrees, no node will ever
    /// run the module and the job fails now, with its refund (the existing failure path), the reason in its detail. When
    /// it does not agree (one gateway's word is not enough to fail someone's job), the report is only that node's failed
    /// result: the task goes on, and is reissued to other nodes as usual. Called at the start of each <see cref="PumpAsync"/>.
    /// </summary>
    private async Task CheckMalformedReportsAsync(CancellationToken cancellationToken)
    {
        while (_malformedReports.TryDequeue(out var report))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var task = await _store.FindTaskAsync(report.TaskId, cancellationToken).ConfigureAwait(false);
            var job = task is null ? null : await _store.FindJobAsync(task.JobId, cancellationToken).ConfigureAwait(false);
            if (task is null || job is null || job.Status != JobStatus.Running || JobJson.DeserializeSpec(job.SpecJson).Value is not { } spec)
            {
                continue;
            }

            var module = await ModuleOfAsync(spec, cancellationToken).ConfigureAwait(false);
            var compiled = module is null ? null : await Task.Run(() => ModuleValidator.Shared.Validate(module), cancellationToken).ConfigureAwait(false);
            using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
            if (compiled is null || compiled.IsSuccess)
            {
                Counters.Count(WorkCounter.MalformedNotConfirmed);
                _logger.LogWarning("Gateway {Gateway} reported the module of task {TaskId} malformed, but it compiles here under the same host library; the task goes on",
                    report.GatewayId, report.TaskId);
                continue;
            }

            await FailForTheModuleAsync(task,
                $"the module is malformed: {compiled.Message} (reported by {report.GatewayId} for task {task.TaskId}, confirmed by the coordinator's compilation)",
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A failure the coordinator confirmed is the module's own (a compile error, a reproduced trap): the task fails, its
    /// open assignments close, and its job fails with the reason, charged its verified work and <paramref name="faultUnits"/>
    /// (the fuel a reproduced trap burnt, once per node that ran it: no path gives free compute), the rest refunded.
    /// Under the engine's lock.
    /// </summary>
    private async Task FailForTheModuleAsync(TaskRecord task, string detail, CancellationToken cancellationToken, long faultUnits = 0)
    {
        if (await ContextAsync(task.JobId, cancellationToken).ConfigureAwait(false) is not { } context || context.Job.Status != JobStatus.Running)
        {
            return;
        }

        if (await _store.FinishTaskAsync(task.TaskId, WorkTaskStatus.Failed, null, NowMs, cancellationToken).ConfigureAwait(false))
        {
            Counters.Count(WorkCounter.TaskFailed);
            await CloseIssuedAsync(await TaskStateAsync(task.TaskId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }

        await FailJobAsync(context, detail, cancellationToken, faultUnits).ConfigureAwait(false);
    }
}
