namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>
/// A quorum won with a suspect node among the winners (<see cref="Reputation.ReputationModel.IsSuspect"/>: a node caught
/// before) is not accepted on the vote: the coordinator re-executes the task and judges every replica against its own
/// result. A detected cheater placed with its undetected partner would otherwise win a 2-of-2 quorum again; re-executed,
/// both lose, and the pair is detected (<see cref="ColludingPair.Detect"/>). Quorums without a suspect winner, the usual
/// case, cost nothing more. Judging's <c>TaskJudge</c> and the verification harness both judge through this.
/// </summary>
public static class SuspectReExecution
{
    /// <summary>Re-executes a decided quorum when a suspect node is among its winners.</summary>
    /// <param name="submitted">The task's results, in the order of <paramref name="outcomes"/>.</param>
    /// <param name="outcomes">The quorum's outcome for each result.</param>
    /// <param name="isSuspect">Whether a node is suspect now.</param>
    /// <param name="sampler">Re-executes a result (its sampling rate is not used).</param>
    /// <returns>
    /// The outcomes judged against the coordinator's re-execution (those not valid or invalid by the quorum kept as they
    /// were); null when no winner is suspect, or when nothing here can re-execute the task (the quorum's outcomes stand).
    /// </returns>
    public static IReadOnlyList<VerificationOutcome>? Judge(IReadOnlyList<SubmittedResult> submitted, IReadOnlyList<VerificationOutcome> outcomes,
        Func<string, bool> isSuspect, ReExecutionSampler sampler)
    {
        ArgumentNullException.ThrowIfNull(submitted);
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(isSuspect);
        ArgumentNullException.ThrowIfNull(sampler);
        if (submitted.Count != outcomes.Count)
        {
            throw new ArgumentException("One outcome per submitted result is needed.", nameof(outcomes));
        }

        if (!outcomes.Any(o => o.Status == VerificationStatus.Valid && isSuspect(o.Key.DeviceId)))
        {
            return null;
        }

        var judged = new VerificationOutcome[outcomes.Count];
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i].Status is not (VerificationStatus.Valid or VerificationStatus.Invalid))
            {
                judged[i] = outcomes[i];
                continue;
            }

            judged[i] = sampler.ReExecute(submitted[i]);
            if (judged[i].ReasonCode == VerificationReasonCode.NoReExecutor)
            {
                return null;
            }
        }

        return judged;
    }
}
