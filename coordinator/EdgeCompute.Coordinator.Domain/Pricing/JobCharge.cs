namespace EdgeCompute.Coordinator.Domain.Pricing;

/// <summary>
/// What a finished job pays out of its escrow, and what goes back. Charged: the cost units of every credited result
/// (verified work, whether the job completed, failed or was cancelled) and of the failures the coordinator confirmed as
/// the module's own (a trap its re-execution reproduced: the fuel burnt to the trap, once per node that ran it), at the
/// job's rate, plus its storage; never more than the escrow. The rest is refunded. The two add up to the escrow exactly.
/// </summary>
/// <param name="Escrowed">The escrow, micro-units.</param>
/// <param name="Charged">What the job pays, micro-units (to the fee pool: the nodes' pot of the epoch it finished in).</param>
/// <param name="Refunded">What goes back to the submitter: <see cref="Escrowed"/> − <see cref="Charged"/>.</param>
public sealed record JobCharge(long Escrowed, long Charged, long Refunded)
{
    /// <summary>The charge of a job priced at <paramref name="rate"/> with <paramref name="storage"/>, for <paramref name="units"/> charged cost units.</summary>
    /// <param name="escrowed">The escrow; positive.</param>
    /// <param name="rate">The job's rate, micro-units per million units per replica.</param>
    /// <param name="storage">The job's storage part.</param>
    /// <param name="units">Cost units charged (credited results and confirmed module faults, summed over replicas).</param>
    /// <returns>The split.</returns>
    public static JobCharge Of(long escrowed, long rate, long storage, long units)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(escrowed);
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        ArgumentOutOfRangeException.ThrowIfNegative(storage);
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        var price = (Int128)storage + PriceOf(units, rate);
        var charged = (long)Int128.Min(price, escrowed);
        return new JobCharge(escrowed, charged, escrowed - charged);
    }

    /// <summary>The charge of a stored priced job from its rate, storage part and charged units (none yet: 0).</summary>
    /// <param name="job">A priced job (<see cref="Work.JobRecord.IsPriced"/>).</param>
    /// <returns>The split.</returns>
    /// <exception cref="ArgumentException">A job with a flat fee.</exception>
    public static JobCharge Of(Work.JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!job.IsPriced) throw new ArgumentException($"job {job.JobId} has a flat fee, not a price", nameof(job));
        return Of(job.Fee, job.PriceRate!.Value, job.PriceStorage!.Value, job.ChargedUnits ?? 0);
    }

    /// <summary>
    /// The charge of a job accepted before prices (a flat fee): settled whole when it completed, refunded whole when it
    /// failed, and, when cancelled, the share of its tasks verified before the cancel (<c>fee × verified ÷ total</c>).
    /// </summary>
    /// <param name="fee">The escrowed fee; positive.</param>
    /// <param name="completed">Whether the job completed.</param>
    /// <param name="verifiedTasks">Tasks verified (for a cancelled job).</param>
    /// <param name="totalTasks">All its tasks (for a cancelled job; 0 for a completed or failed one).</param>
    /// <returns>The split.</returns>
    public static JobCharge Flat(long fee, bool completed, int verifiedTasks, int totalTasks)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fee);
        if (completed) return new JobCharge(fee, fee, 0);
        if (totalTasks == 0) return new JobCharge(fee, 0, fee);
        ArgumentOutOfRangeException.ThrowIfNegative(verifiedTasks);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(verifiedTasks, totalTasks);
        var paid = (long)((Int128)fee * verifiedTasks / totalTasks);
        return new JobCharge(fee, paid, fee - paid);
    }

    /// <summary><paramref name="units"/> at <paramref name="rate"/> per million, rounded up to a whole micro-unit.</summary>
    /// <param name="units">Cost units.</param>
    /// <param name="rate">Micro-units per million units.</param>
    /// <returns>Micro-units.</returns>
    /// <exception cref="OverflowException">Beyond 2^63.</exception>
    public static long PriceOf(Int128 units, long rate) => checked((long)JobQuote.CeilDiv(units * rate, PriceList.UnitsPerRate));
}
