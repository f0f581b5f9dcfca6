using System.Collections.Concurrent;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Reexecution;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Wasm.Host;
using EdgeCompute.Wasm.Host.Running;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>
/// The coordinator's own check of a gateway's word that a job's module is at fault (it does not compile, or it traps on a
/// task's input): the module compiled or the task re-executed here, outside the work lock, with the gateways' host
/// library. Confirmed, the job fails at once with its refund; not confirmed, the report stays that node's failed result
/// and the task goes on. Each task is checked once.
/// </summary>
internal sealed class ModuleFaultChecks
{
    private readonly WorkState _state;
    private readonly IWorkStore _store;
    private readonly ILogger _logger;
    private readonly JobModules _modules;
    private readonly TaskJudging _judging;
    private readonly JobCompletion _completion;
    private readonly ConcurrentQueue<(string TaskId, string GatewayId)> _malformedReports = new();
    private readonly HashSet<string> _malformedChecked = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string TaskId, string GatewayId)> _trapReports = new();
    private readonly HashSet<string> _trapChecked = new(StringComparer.Ordinal);

    public ModuleFaultChecks(WorkState state, JobModules modules, TaskJudging judging, JobCompletion completion)
    {
        _state = state;
        _store = state.Store;
        _logger = state.Logger;
        _modules = modules;
        _judging = judging;
        _completion = completion;
    }

    /// <summary>A gateway reported a task's module malformed: queued for <see cref="CheckMalformedReportsAsync"/>, once per task. Under the work lock.</summary>
    internal void MalformedReported(AssignmentRecord assignment, string gatewayId)
    {
        if (_malformedChecked.Add(assignment.TaskId))
        {
            _malformedReports.Enqueue((assignment.TaskId, gatewayId));
        }
    }

    /// <summary>
    /// Settles the Malformed reports. Compiling a module is deterministic, so the coordinator compiles it itself with the
    /// gateways' host library, outside the work lock (a large module takes seconds): when it agrees, no node will ever
    /// run the module and the job fails now, with its refund (the existing failure path), the reason in its detail. When
    /// it does not agree (one gateway's word is not enough to fail someone's job), the report is only that node's failed
    /// result: the task goes on, and is reissued to other nodes as usual. Called at the start of each <see cref="TaskIssue.PumpAsync"/>.
    /// </summary>
    internal async Task CheckMalformedReportsAsync(CancellationToken cancellationToken)
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

            var module = await _modules.ModuleOfAsync(spec, cancellationToken).ConfigureAwait(false);
            var compiled = module is null ? null : await Task.Run(() => ModuleValidator.Shared.Validate(module), cancellationToken).ConfigureAwait(false);
            using var held = await _state.LockAsync(cancellationToken).ConfigureAwait(false);
            if (compiled is null || compiled.IsSuccess)
            {
                _state.Counters.Count(WorkCounter.MalformedNotConfirmed);
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
    /// Under the work lock.
    /// </summary>
    private async Task FailForTheModuleAsync(TaskRecord task, string detail, CancellationToken cancellationToken, long faultUnits = 0)
    {
        if (await _state.Jobs.FindAsync(task.JobId, cancellationToken).ConfigureAwait(false) is not { } context || context.Job.Status != JobStatus.Running)
        {
            return;
        }

        if (await _state.WroteAsync(_store.FinishTaskAsync(task.TaskId, WorkTaskStatus.Failed, null, _state.NowMs, cancellationToken), task.TaskId).ConfigureAwait(false))
        {
            _state.Counters.Count(WorkCounter.TaskFailed);
            await _judging.CloseIssuedAsync(await _judging.StateAsync(task.TaskId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }

        await _completion.FailAsync(context, detail, cancellationToken, faultUnits).ConfigureAwait(false);
    }

    /// <summary>
    /// A gateway reported that a task's module trapped. Two nodes agreeing is not enough to fail someone's job (they could
    /// collude), so the report is queued for the coordinator's own re-execution (<see cref="CheckReportedTrapsAsync"/>);
    /// until then the report is only that node's failed result. Each task is re-executed once. Under the work lock.
    /// </summary>
    internal void TrapReported(AssignmentRecord assignment, string gatewayId)
    {
        if (_trapChecked.Add(assignment.TaskId))
        {
            _trapReports.Enqueue((assignment.TaskId, gatewayId));
        }
    }

    /// <summary>
    /// Re-executes the tasks whose traps were reported, with <see cref="WasmReexecutor"/>, outside the work lock (a
    /// run may take seconds). A trap reproduced on the task's own input and limits is the module's fault: the task fails
    /// and its job fails at once, refunded, the reason in its detail. A trap not reproduced leaves the task to be
    /// reissued as usual, and the reporting node's result stays a failure. Called at the start of each
    /// <see cref="TaskIssue.PumpAsync"/>.
    /// </summary>
    /// <returns>How many reports were settled.</returns>
    internal async Task<int> CheckReportedTrapsAsync(CancellationToken cancellationToken)
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
            if (spec is null || await _modules.ReExecuteAsync(template.Parameters, spec, cancellationToken).ConfigureAwait(false) is not { } reExecuted)
            {
                continue; // not a WebAssembly task, or (by hash) its blobs are gone: the task goes on
            }

            var (run, compileProblem) = reExecuted;
            settled++;
            using var held = await _state.LockAsync(cancellationToken).ConfigureAwait(false);
            if (run?.Outcome != RunOutcome.Trap)
            {
                _state.Counters.Count(WorkCounter.TrapNotReproduced);
                _logger.LogWarning("Gateway {Gateway} reported task {TaskId} trapped; the coordinator's re-execution ended {Outcome}; the task goes on",
                    report.GatewayId, task.TaskId, run?.Outcome.ToString() ?? $"without compiling ({compileProblem})");
                continue;
            }

            _state.Counters.Count(WorkCounter.TrapReproduced);
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
