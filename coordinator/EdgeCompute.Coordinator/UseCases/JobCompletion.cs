using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Protocol.Tasks;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>
/// Finishes jobs: when every task of a running job is verified, merges the verified outputs into the job's result
/// (<see cref="JobMerger"/>) and completes it; when a task failed, fails it. The finished state is committed once (the
/// store's status check makes a second finish a no-op, across replicas too), then <see cref="JobSettlement"/> closes the
/// escrow. Internal steps, called under the work lock by judging, issue and the module checks.
/// </summary>
internal sealed class JobCompletion
{
    private readonly WorkState _state;
    private readonly IWorkStore _store;
    private readonly ILogger _logger;
    private readonly JobSettlement _settlement;

    public JobCompletion(WorkState state, JobSettlement settlement)
    {
        _state = state;
        _store = state.Store;
        _logger = state.Logger;
        _settlement = settlement;
    }

    /// <summary>Finishes a job whose tasks are all decided: merges the outputs and settles the fee, or fails it and refunds.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="afterVerified">
    /// True when a task was just verified: while any task is open there is nothing to do, which an index probe tells
    /// without reading the job's tasks (a failed task fails its job when it fails, with false here).
    /// </param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>A task that completes when checked.</returns>
    public async Task CheckAsync(string jobId, bool afterVerified, CancellationToken cancellationToken)
    {
        var context = await _state.Jobs.FindAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (context is null || context.Job.Status != JobStatus.Running)
        {
            return;
        }

        if (afterVerified && await _store.HasOpenTasksAsync(jobId, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var tasks = await _store.ReadTasksAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (tasks.FirstOrDefault(t => t.Status == WorkTaskStatus.Failed) is { } failed)
        {
            await FailAsync(context, $"task {failed.TaskId} could not be verified within {_state.Options.MaxAttemptsPerTask} attempts or the job's deadline of {DeadlineOf(context).TotalSeconds:0} s",
                cancellationToken).ConfigureAwait(false);
            return;
        }

        if (tasks.Any(t => t.Status != WorkTaskStatus.Verified))
        {
            return;
        }

        // Who earned each task's output: one read of the job's results (500 task ids at a time), not one per task.
        var validNode = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in tasks.Select(t => t.TaskId).Chunk(500))
        {
            foreach (var result in await _store.ReadResultsAsync(chunk, cancellationToken).ConfigureAwait(false))
            {
                if (result.Verdict == ResultVerdict.Valid)
                {
                    validNode.TryAdd(result.TaskId, result.NodeId);
                }
            }
        }

        var outputs = new List<TaskOutput>(tasks.Count);
        foreach (var task in tasks)
        {
            var node = validNode.GetValueOrDefault(task.TaskId, "");
            var output = task.Output ?? [];
            if (task.Kernel is KernelNames.Wasm or KernelNames.WasmBlob)
            {
                outputs.Add(new TaskOutput(task.Index, node, null, output));
            }
            else
            {
                var decoded = TaskResultCodec.Decode(output);
                outputs.Add(new TaskOutput(task.Index, node, decoded.IsSuccess ? decoded.Value!.Output : null, null));
            }
        }

        var merged = JobMerger.Merge(context.Spec, outputs, tasks.Count);
        if (!merged.IsSuccess)
        {
            await FailAsync(context, $"outputs could not be merged: {merged.Detail}", cancellationToken).ConfigureAwait(false);
            return;
        }

        var summary = JobSummary.Describe(merged.Result!);
        if (!await _store.FinishJobAsync(jobId, JobStatus.Completed, JobJson.Serialize(merged.Result!), _state.NowMs, summary, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        _state.Jobs.Forget(jobId);
        _state.Counters.Count(WorkCounter.JobCompleted);
        var charge = await _settlement.CloseEscrowAsync(context.Job, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Job {JobId} completed: {Summary}; charged {Charged}, refunded {Refunded}", jobId, summary, charge?.Charged, charge?.Refunded);
    }

    /// <summary>Fails a running job; <paramref name="faultUnits"/> are the cost units of a failure confirmed as its module's own, charged with its verified work.</summary>
    /// <param name="context">The job.</param>
    /// <param name="detail">Why, for the job's detail.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <param name="faultUnits">Cost units charged for the module's own failure.</param>
    /// <returns>A task that completes when failed and settled.</returns>
    public async Task FailAsync(JobContext context, string detail, CancellationToken cancellationToken, long faultUnits = 0)
    {
        var job = context.Job;
        if (!await _store.FinishJobAsync(job.JobId, JobStatus.Failed, null, _state.NowMs, detail, faultUnits, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        _state.Jobs.Forget(job.JobId);
        _state.Counters.Count(WorkCounter.JobFailed);
        var charge = await _settlement.CloseEscrowAsync(job, cancellationToken).ConfigureAwait(false);
        _logger.LogWarning("Job {JobId} failed: {Detail}; charged {Charged}, refunded {Refunded}", job.JobId, detail, charge?.Charged, charge?.Refunded);
    }

    /// <summary>How long a job may run: its own <see cref="JobSpec.DeadlineSeconds"/>, else <see cref="WorkOptions.JobDeadline"/>.</summary>
    /// <param name="context">The job.</param>
    /// <returns>Its deadline from creation.</returns>
    public TimeSpan DeadlineOf(JobContext context) =>
        context.Spec.DeadlineSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : _state.Options.JobDeadline;
}
