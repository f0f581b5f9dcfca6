using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Domain.Pricing;
using EdgeCompute.Coordinator.Domain.Work;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.Tasking;

public sealed partial class WorkEngine
{
    /// <summary>
    /// Cancels a running job. The cancelled status, its open tasks and its issued assignments are committed first, in one
    /// transaction, so no verdict lands after it, with the cost units it is charged for (its results credited before the
    /// cancel); then the escrow is closed: the charge goes to the fee pool, the rest back to the submitter, exactly
    /// (<see cref="JobFunds.Close"/>).
    /// Idempotent: a second cancel changes nothing and reports the same split (the money is booked under the job's keys,
    /// once, and a booking lost to a crash is made by <see cref="ReconcileFundsAsync"/>). Who may cancel is the caller's check.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="by">Who cancels, for the job's detail and the log.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What happened, with the split.</returns>
    public async Task<CancelResult> CancelAsync(string jobId, string by, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        ArgumentException.ThrowIfNullOrEmpty(by);
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        return await CancelLockedAsync(jobId, by, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CancelResult> CancelLockedAsync(string jobId, string by, CancellationToken cancellationToken)
    {
        var job = await _store.FindJobAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return new CancelResult(CancelReason.NotFound, jobId, 0, 0, 0, 0, $"no job {jobId}");
        }

        if (job.Status is JobStatus.Completed or JobStatus.Failed)
        {
            return new CancelResult(CancelReason.Finished, jobId, 0, 0, 0, 0, $"job {jobId} is {job.Status.ToString().ToLowerInvariant()}: nothing to cancel");
        }

        if (job.Status == JobStatus.Cancelled)
        {
            var (verified, total) = await _store.CountVerifiedTasksAsync(jobId, cancellationToken).ConfigureAwait(false);
            var charge = await ChargeOfAsync(job, cancellationToken).ConfigureAwait(false);
            await BookManyAsync(JobFunds.Close(jobId, AccountId.Owner(job.Submitter), charge, EpochOf(job)), jobId, cancellationToken).ConfigureAwait(false);
            return new CancelResult(CancelReason.AlreadyCancelled, jobId, verified, total, charge.Charged, charge.Refunded, job.Detail);
        }

        var now = NowMs;
        var cancelled = await _store.CancelJobAsync(jobId, now, $"cancelled by {by}", cancellationToken).ConfigureAwait(false);
        if (cancelled is null)
        {
            // Finished or cancelled by another replica meanwhile (its status changed after the read): answer from what is stored now.
            return await CancelLockedAsync(jobId, by, cancellationToken).ConfigureAwait(false);
        }

        foreach (var assignment in cancelled.Closed)
        {
            AddOutstanding(assignment.NodeId, -1);
        }

        _jobs.Remove(jobId);
        Counters.Count(WorkCounter.JobCancelled);
        var closed = await CloseEscrowAsync(job, _epochs.Current.Id, cancellationToken).ConfigureAwait(false);
        var detail = $"cancelled by {by}: {cancelled.VerifiedTasks} of {cancelled.TotalTasks} tasks verified, {closed?.Charged} charged, {closed?.Refunded} refunded";
        _logger.LogInformation("Job {JobId} {Detail}; {Closed} open assignments closed", jobId, detail, cancelled.Closed.Count);
        return new CancelResult(CancelReason.Cancelled, jobId, cancelled.VerifiedTasks, cancelled.TotalTasks, closed?.Charged ?? 0, closed?.Refunded ?? 0, detail);
    }

    private long EpochOf(JobRecord job) => _epochs.EpochAt(DateTimeOffset.FromUnixTimeMilliseconds(job.FinishedMs ?? job.CreatedMs)).Id;
}
