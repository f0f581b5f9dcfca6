using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Domain.Pricing;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Protocol.Tasks;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.Tasking;

public sealed partial class WorkEngine
{
    /// <summary>Finishes a job whose tasks are all decided: merges the outputs and settles the fee, or fails it and refunds.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="afterVerified">
    /// True when a task was just verified: while any task is open there is nothing to do, which an index probe tells
    /// without reading the job's tasks (a failed task fails its job when it fails, with false here).
    /// </param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    private async Task CheckJobAsync(string jobId, bool afterVerified, CancellationToken cancellationToken)
    {
        var context = await ContextAsync(jobId, cancellationToken).ConfigureAwait(false);
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
            await FailJobAsync(context, $"task {failed.TaskId} could not be verified within {_options.MaxAttemptsPerTask} attempts or the job's deadline of {DeadlineOf(context).TotalSeconds:0} s",
                cancellationToken).ConfigureAwait(false);
            return;
        }

        if (tasks.Any(t => t.Status != WorkTaskStatus.Verified))
        {
            return;
        }

        var outputs = new List<TaskOutput>(tasks.Count);
        foreach (var task in tasks)
        {
            var results = await _store.ReadResultsAsync(task.TaskId, cancellationToken).ConfigureAwait(false);
            var node = results.FirstOrDefault(r => r.Verdict == ResultVerdict.Valid)?.NodeId ?? "";
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
            await FailJobAsync(context, $"outputs could not be merged: {merged.Detail}", cancellationToken).ConfigureAwait(false);
            return;
        }

        var now = NowMs;
        var summary = JobSummary.Describe(merged.Result!);
        if (!await _store.FinishJobAsync(jobId, JobStatus.Completed, JobJson.Serialize(merged.Result!), now, summary, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        _jobs.Remove(jobId);
        Counters.Count(WorkCounter.JobCompleted);
        var charge = await CloseEscrowAsync(context.Job, _epochs.Current.Id, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Job {JobId} completed: {Summary}; charged {Charged}, refunded {Refunded}", jobId, summary, charge?.Charged, charge?.Refunded);
    }

    /// <summary>Fails a running job; <paramref name="faultUnits"/> are the cost units of a failure confirmed as its module's own, charged with its verified work.</summary>
    private async Task FailJobAsync(JobContext context, string detail, CancellationToken cancellationToken, long faultUnits = 0)
    {
        var job = context.Job;
        if (!await _store.FinishJobAsync(job.JobId, JobStatus.Failed, null, NowMs, detail, faultUnits, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        _jobs.Remove(job.JobId);
        Counters.Count(WorkCounter.JobFailed);
        var charge = await CloseEscrowAsync(job, _epochs.Current.Id, cancellationToken).ConfigureAwait(false);
        _logger.LogWarning("Job {JobId} failed: {Detail}; charged {Charged}, refunded {Refunded}", job.JobId, detail, charge?.Charged, charge?.Refunded);
    }

    /// <summary>
    /// Closes the escrow of a job that has just finished (completed, failed or cancelled): reads what its finishing
    /// statement fixed (the cost units it is charged for) and books the charge and the refund. A booking lost here (the
    /// ledger is down) is made by <see cref="ReconcileFundsAsync"/>, from the same stored figures.
    /// </summary>
    /// <returns>The split, or null when the job could not be read back.</returns>
    private async Task<JobCharge?> CloseEscrowAsync(JobRecord job, long epochId, CancellationToken cancellationToken)
    {
        var stored = await _store.FindJobAsync(job.JobId, cancellationToken).ConfigureAwait(false) ?? job;
        var charge = await ChargeOfAsync(stored, cancellationToken).ConfigureAwait(false);
        await BookManyAsync(JobFunds.Close(stored.JobId, AccountId.Owner(stored.Submitter), charge, epochId), stored.JobId, cancellationToken).ConfigureAwait(false);
        return charge;
    }

    /// <summary>
    /// What a finished job pays: a priced job its charged units at its rate plus its storage (<see cref="JobCharge.Of(JobRecord)"/>);
    /// a job accepted before prices its flat fee, whole when completed, nothing when failed, the verified share when cancelled.
    /// </summary>
    private async Task<JobCharge> ChargeOfAsync(JobRecord job, CancellationToken cancellationToken)
    {
        if (job.IsPriced)
        {
            return JobCharge.Of(job);
        }

        if (job.Status == JobStatus.Cancelled)
        {
            var (verified, total) = await _store.CountVerifiedTasksAsync(job.JobId, cancellationToken).ConfigureAwait(false);
            return JobCharge.Flat(job.Fee, false, verified, total);
        }

        return JobCharge.Flat(job.Fee, job.Status == JobStatus.Completed, 0, 0);
    }

    /// <summary>
    /// Books the transfers closing one job's escrow together. Idempotent by key; if it fails here (the store is down),
    /// <see cref="ReconcileFundsAsync"/> books them at the next start, since the job's finished state is already durable.
    /// </summary>
    private async Task BookManyAsync(IReadOnlyList<LedgerTransfer> transfers, string jobId, CancellationToken cancellationToken)
    {
        if (transfers.Count == 0)
        {
            return;
        }

        try
        {
            var booked = await _ledger.AppendAsync(transfers, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!booked.IsSuccess)
            {
                _logger.LogError("Job {JobId}: escrow not closed, refused by the ledger: {Reason}", jobId, booked.ReasonCode);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Job {JobId}: escrow not closed now; it is closed at the next reconciliation", jobId);
        }
    }

    /// <summary>Books the fee or refund of every finished job whose booking is missing (after a crash between the two commits). Idempotent.</summary>
    /// <param name="cancellationToken">Cancels between jobs.</param>
    /// <returns>How many bookings were made.</returns>
    public async Task<int> ReconcileFundsAsync(CancellationToken cancellationToken = default)
    {
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var booked = 0;
        foreach (var status in (JobStatus[])[JobStatus.Completed, JobStatus.Failed, JobStatus.Cancelled])
        {
            for (var offset = 0; ; offset += 500)
            {
                var page = await _store.ListJobsAsync(status, offset, 500, cancellationToken).ConfigureAwait(false);
                foreach (var job in page)
                {
                    // Stable: a finished job's charged units were fixed by its finishing statement (a flat fee's cancel
                    // split by its verified tasks, which no verdict changes after the cancel).
                    var transfers = JobFunds.Close(job.JobId, AccountId.Owner(job.Submitter), await ChargeOfAsync(job, cancellationToken).ConfigureAwait(false), EpochOf(job));

                    foreach (var transfer in transfers)
                    {
                        if (await _ledger.FindByIdempotencyKeyAsync(transfer.IdempotencyKey, cancellationToken).ConfigureAwait(false) is null)
                        {
                            var result = await _ledger.AppendAsync([transfer], cancellationToken: cancellationToken).ConfigureAwait(false);
                            booked += result.BookedCount;
                        }
                    }
                }

                if (page.Count < 500)
                {
                    break;
                }
            }
        }

        return booked;
    }
}
