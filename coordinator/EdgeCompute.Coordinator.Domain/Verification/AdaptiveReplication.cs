namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>
/// Adaptive replication (BOINC-style). A node is untrusted until it has <see cref="TrustAfter"/> checked valid
/// results in a row; then it runs tasks alone, and each of its tasks is drawn for a spot check with probability
/// <see cref="SpotCheckRate"/>. Only checked results (quorum, re-execution, spot check, direct check) build the
/// run; results accepted unchecked do not. One invalid result revokes trust and restarts the run from zero
/// (the invalid outcome also penalises the node's reputation), and a suspect node is not trusted however long its run
/// (see <see cref="Record"/>). Not thread-safe: one writer.
/// </summary>
public sealed class AdaptiveReplication
{
    private readonly Dictionary<string, AdaptiveTrust> _nodes = new(StringComparer.Ordinal);

    /// <summary>Creates the policy.</summary>
    /// <param name="trustAfter">Checked valid results in a row before a node is trusted, at least 1.</param>
    /// <param name="spotCheckRate">The share of a trusted node's tasks that are checked anyway, 0…1.</param>
    public AdaptiveReplication(int trustAfter, double spotCheckRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trustAfter, 1);
        if (!(spotCheckRate is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(spotCheckRate), spotCheckRate, "The spot check rate must be 0 to 1.");
        }

        TrustAfter = trustAfter;
        SpotCheckRate = spotCheckRate;
    }

    /// <summary>Checked valid results in a row before a node is trusted.</summary>
    public int TrustAfter { get; }

    /// <summary>The share of a trusted node's tasks that are checked anyway.</summary>
    public double SpotCheckRate { get; }

    /// <summary>A node's state (the initial state for an unknown node).</summary>
    /// <param name="nodeId">The node.</param>
    /// <returns>Its state.</returns>
    public AdaptiveTrust Trust(string nodeId) => _nodes.GetValueOrDefault(nodeId);

    /// <summary>Restores a node's persisted state.</summary>
    /// <param name="nodeId">The node.</param>
    /// <param name="trust">Its state.</param>
    public void Restore(string nodeId, AdaptiveTrust trust) => _nodes[nodeId] = trust;

    /// <summary>Decides how to run a node's next task; a trusted node draws once from <paramref name="random"/>.</summary>
    /// <param name="nodeId">The node.</param>
    /// <param name="random">The coordinator's random source (seeded in tests).</param>
    /// <returns>Replicate, alone, or spot check.</returns>
    public ReplicationMode Plan(string nodeId, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var trust = Trust(nodeId);
        if (!trust.IsTrusted)
        {
            return ReplicationMode.Replicate;
        }

        if (random.NextDouble() < SpotCheckRate)
        {
            _nodes[nodeId] = trust with { SpotChecks = trust.SpotChecks + 1 };
            return ReplicationMode.SpotCheck;
        }

        return ReplicationMode.Alone;
    }

    /// <summary>
    /// Accepts the result of a task a trusted node ran alone: valid unchecked when it passes
    /// <see cref="ResultConsistency"/>; pending when the node is not (or no longer) trusted.
    /// </summary>
    /// <param name="submitted">The result and its assignment.</param>
    /// <returns>The outcome.</returns>
    public VerificationOutcome AcceptAlone(SubmittedResult submitted)
    {
        ArgumentNullException.ThrowIfNull(submitted);
        if (ResultConsistency.Check(submitted) is { } failed)
        {
            return failed;
        }

        return Trust(submitted.Key.DeviceId).IsTrusted
            ? VerificationOutcome.Valid(submitted, VerificationReasonCode.TrustedUnchecked)
            : VerificationOutcome.Pending(submitted.Key, VerificationReasonCode.NodeNotTrusted);
    }

    /// <summary>Updates the answering node's state from a verification outcome.</summary>
    /// <param name="outcome">The outcome of one of the node's results (a missed deadline counts as invalid).</param>
    /// <param name="mayTrust">
    /// False while the node is suspect (<see cref="Reputation.ReputationModel.IsSuspect"/>): it is then not trusted, whatever
    /// its run, so a detected cheater's work stays replicated until its suspicion decays; its run still counts.
    /// </param>
    /// <returns>The node's new state.</returns>
    public AdaptiveTrust Record(VerificationOutcome outcome, bool mayTrust = true)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var nodeId = outcome.Key.DeviceId;
        var trust = Trust(nodeId);
        trust = outcome.Status switch
        {
            VerificationStatus.Invalid => trust with
            {
                ValidRun = 0,
                IsTrusted = false,
                Revocations = trust.IsTrusted ? trust.Revocations + 1 : trust.Revocations,
            },
            VerificationStatus.Valid when outcome.ReasonCode != VerificationReasonCode.TrustedUnchecked
                && outcome.ReasonCode != VerificationReasonCode.AcceptedUnsampled
                && outcome.ReasonCode != VerificationReasonCode.NotFoundAccepted => trust with
                {
                    ValidRun = trust.ValidRun + 1,
                    IsTrusted = mayTrust && (trust.IsTrusted || trust.ValidRun + 1 >= TrustAfter),
                },
            _ when !mayTrust => trust with { IsTrusted = false },
            _ => trust,
        };
        _nodes[nodeId] = trust;
        return trust;
    }
}
