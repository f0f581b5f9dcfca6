using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Domain.Pricing;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Ledger;
using EdgeCompute.Coordinator.Storage.Work;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>
/// Settles a finished job's escrow in the ledger: the charge to the fee pool, the rest back to the submitter, exactly
/// (<see cref="JobFunds.Close"/>). The job's finished state is committed to the work store first; the bookings follow
/// under the job's idempotency keys (<c>job:{id}:fee</c>, <c>job:{id}:refund</c>), so a crash between the two commits
/// is made good by <see cref="ReconcileFundsAsync"/> at the next start (coordinator/README.md, "Writes across stores").
/// </summary>
public sealed class JobSettlement
{
    private readonly WorkState _state;
    private readonly IWorkStore _store;
    private readonly ILedgerStore _ledger;
    private readonly ILogger _logger;

    internal JobSettlement(WorkState state)
    {
        _state = state;
        _store = state.Store;
        _ledger = state.Ledger;
        _logger = state.Logger;
    }

    /// <summary>Books the fee or refund of every finished job whose booking is missing (after a crash between the two commits). Idempotent.</summary>
    /// <param name="cancellationToken">Cancels between jobs.</param>
    /// <returns>How many bookings were made.</returns>
    public async Task<int> ReconcileFundsAsync(CancellationToken cancellationToken = default)
    {
        using var held = await _state.LockAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Closes the escrow of a job that has just finished (completed, failed or cancelled): reads what its finishing
    /// statement fixed (the cost units it is charged for) and books the charge and the refund. A booking lost here (the
    /// ledger is down) is made by <see cref="ReconcileFundsAsync"/>, from the same stored figures. Under the work lock.
    /// </summary>
    /// <param name="job">The job as it was read before it finished.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The split, or null when the job could not be read back.</returns>
    internal async Task<JobCharge?> CloseEscrowAsync(JobRecord job, CancellationToken cancellationToken)
    {
        var stored = await _store.FindJobAsync(job.JobId, cancellationToken).ConfigureAwait(false) ?? job;
        var charge = await ChargeOfAsync(stored, cancellationToken).ConfigureAwait(false);
        await BookAsync(JobFunds.Close(stored.JobId, AccountId.Owner(stored.Submitter), charge, _state.Epochs.Current.Id), stored.JobId, cancellationToken)
            .ConfigureAwait(false);
        return charge;
    }

    /// <summary>Books a cancelled job's split again, in the epoch it finished in (idempotent by key), and returns it.</summary>
    /// <param name="job">The cancelled job.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The split.</returns>
    internal async Task<JobCharge> RebookAsync(JobRecord job, CancellationToken cancellationToken)
    {
        var charge = await ChargeOfAsync(job, cancellationToken).ConfigureAwait(false);
        await BookAsync(JobFunds.Close(job.JobId, AccountId.Owner(job.Submitter), charge, EpochOf(job)), job.JobId, cancellationToken).ConfigureAwait(false);
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
    private async Task BookAsync(IReadOnlyList<LedgerTransfer> transfers, string jobId, CancellationToken cancellationToken)
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

    private long EpochOf(JobRecord job) => _state.Epochs.EpochAt(DateTimeOffset.FromUnixTimeMilliseconds(job.FinishedMs ?? job.CreatedMs)).Id;
}
