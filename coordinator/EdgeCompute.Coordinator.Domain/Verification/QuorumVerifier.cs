namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>
/// Replication with a quorum of <see cref="Quorum"/> out of <see cref="Replicas"/> (BOINC-style). Results that
/// pass <see cref="ResultConsistency"/> are grouped by their canonical bytes (<see cref="CanonicalResult"/>:
/// kernel, status, ops and output). The largest group wins when it has at least k members and more than any
/// other group: its members are valid, every other replica is invalid. Replicas that agree on a wrong output win
/// if they are the majority; quorum assumes most replicas are honest, which scheduling supports by spreading
/// replicas over different owners and gateways, and which sampled re-execution of the agreed output audits.
/// </summary>
public sealed class QuorumVerifier
{
    /// <summary>Creates a k-of-n verifier.</summary>
    /// <param name="quorum">k: agreeing replicas needed, at least 1.</param>
    /// <param name="replicas">n: replicas issued at first, at least k.</param>
    public QuorumVerifier(int quorum, int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quorum, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, quorum);
        Quorum = quorum;
        Replicas = replicas;
    }

    /// <summary>k: agreeing replicas needed.</summary>
    public int Quorum { get; }

    /// <summary>n: replicas issued at first.</summary>
    public int Replicas { get; }

    /// <summary>Evaluates the results received so far for one task.</summary>
    /// <param name="results">The admitted results of one task, at most one per slot.</param>
    /// <param name="replicasIssued">Replicas issued so far, when more than <see cref="Replicas"/> after an extension.</param>
    /// <returns>The decision with one outcome per result.</returns>
    public QuorumDecision Evaluate(IReadOnlyList<SubmittedResult> results, int? replicasIssued = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        var outcomes = new VerificationOutcome?[results.Count];
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var devices = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < results.Count; i++)
        {
            var submitted = results[i];
            if (!devices.Add(submitted.Key.DeviceId))
            {
                // One device's vote counts once, whatever slots it holds.
                outcomes[i] = VerificationOutcome.NotPayable(submitted.Key, VerificationReasonCode.DuplicateResult);
            }
            else if ((outcomes[i] = ResultConsistency.Check(submitted)) is null)
            {
                var canonical = Convert.ToHexString(CanonicalResult.Encode(submitted.Result));
                if (!groups.TryGetValue(canonical, out var members))
                {
                    groups.Add(canonical, members = []);
                }

                members.Add(i);
            }
        }

        var ranked = groups.OrderByDescending(g => g.Value.Count).ToList();
        var largest = ranked.Count > 0 ? ranked[0].Value.Count : 0;
        var runnerUp = ranked.Count > 1 ? ranked[1].Value.Count : 0;
        if (largest >= Quorum && largest > runnerUp)
        {
            var winners = ranked[0].Value;
            for (var i = 0; i < results.Count; i++)
            {
                outcomes[i] ??= winners.Contains(i)
                    ? VerificationOutcome.Valid(results[i], VerificationReasonCode.AgreedWithQuorum)
                    : VerificationOutcome.Invalid(results[i].Key, VerificationReasonCode.OutvotedByQuorum);
            }

            return new(QuorumState.Reached, outcomes!, Convert.FromHexString(ranked[0].Key), 0);
        }

        var outstanding = Math.Max(0, Math.Max(replicasIssued ?? Replicas, Replicas) - results.Count);
        var (state, reason, more) = largest >= Quorum
            ? (QuorumState.Conflict, VerificationReasonCode.QuorumConflict, Math.Max(0, 1 - outstanding))
            : largest + outstanding >= Quorum
                ? (QuorumState.Pending, VerificationReasonCode.AwaitingReplicas, 0)
                : (QuorumState.Impossible, VerificationReasonCode.QuorumImpossible, Quorum - largest - outstanding);
        for (var i = 0; i < results.Count; i++)
        {
            outcomes[i] ??= VerificationOutcome.Pending(results[i].Key, reason);
        }

        return new(state, outcomes!, ReadOnlyMemory<byte>.Empty, more);
    }
}
