using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>Cancels a running job: its open work stops, its verified work is paid, the rest of its escrow goes back.</summary>
public sealed class JobCancel
{
    private readonly WorkState _state;
    private readonly IWorkStore _store;
    private readonly JobSettlement _settlement;

    internal JobCancel(WorkState state, JobSettlement settlement)
    {
        _state = state;
        _store = state.Store;
        _settlement = settlement;
    }

    /// <summary>
    /// Cancels a running job. The cancelled status, its open tasks and its issued assignments are committed first, in one
    /// transaction, so no verdict lands after it, with the cost units it is charged for (its results credited before the
    /// cancel); then the escrow is closed: the charge goes to the fee pool, the rest back to the submitter, exactly
    /// (<see cref="JobFunds.Close"/>).
    /// Idempotent: a second cancel changes nothing and reports the same split (the money is booked under the job's keys,
    /// once, and a booking lost to a crash is made by <see cref="JobSettlement.ReconcileFundsAsync"/>). Who may cancel is
    /// the caller's check.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="by">Who cancels, for the job's detail and the log.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What happened, with the split.</returns>
    public async Task<CancelResult> CancelAsync(string jobId, string by, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        ArgumentException.ThrowIfNullOrEmpty(by);
        using var held = await _state.LockAsync(cancellationToken).ConfigureAwait(false);
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
            var charge = await _settlement.RebookAsync(job, cancellationToken).ConfigureAwait(false);
            return new CancelResult(CancelReason.AlreadyCancelled, jobId, verified, total, charge.Charged, charge.Refunded, job.Detail);
        }

        var cancelled = await _state.WroteAsync(_store.CancelJobAsync(jobId, _state.NowMs, $"cancelled by {by}", cancellationToken), taskIds: null).ConfigureAwait(false);
        if (cancelled is null)
        {
            // Finished or cancelled by another replica meanwhile (its status changed after the read): answer from what is stored now.
            return await CancelLockedAsync(jobId, by, cancellationToken).ConfigureAwait(false);
        }

        foreach (var assignment in cancelled.Closed)
        {
            _state.Outstanding.Add(assignment.NodeId, -1);
        }

        _state.Jobs.Forget(jobId);
        _state.Counters.Count(WorkCounter.JobCancelled);
        var closed = await _settlement.CloseEscrowAsync(job, cancellationToken).ConfigureAwait(false);
        var detail = $"cancelled by {by}: {cancelled.VerifiedTasks} of {cancelled.TotalTasks} tasks verified, {closed?.Charged} charged, {closed?.Refunded} refunded";
        _state.Logger.LogInformation("Job {JobId} {Detail}; {Closed} open assignments closed", jobId, detail, cancelled.Closed.Count);
        return new CancelResult(CancelReason.Cancelled, jobId, cancelled.VerifiedTasks, cancelled.TotalTasks, closed?.Charged ?? 0, closed?.Refunded ?? 0, detail);
    }
}
