using EdgeCompute.Coordinator.Domain.Reputation;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Protocol.Tasks;
using static EdgeCompute.Coordinator.Tests.Verification.TaskFixtures;

namespace EdgeCompute.Coordinator.Tests.Verification;

public sealed class QuorumVerifierTests
{
    private static readonly MonteCarloPiOutput Forged = new(1_000, 1_000);

    [Fact]
    public void Two_honest_replicas_outvote_a_cheater_who_is_marked_invalid_and_penalised()
    {
        var results = new[]
        {
            Replica("task-1", 0, "dev-a", Pi),
            Replica("task-1", 1, "dev-cheat", Pi, Forged),
            Replica("task-1", 2, "dev-b", Pi),
        };

        var decision = new QuorumVerifier(quorum: 2, replicas: 3).Evaluate(results);

        Assert.Equal(QuorumState.Reached, decision.State);
        Assert.Equal(CanonicalResult.Encode(results[0].Result), decision.AgreedResult.ToArray());
        Assert.Equal(
            [VerificationReasonCode.AgreedWithQuorum, VerificationReasonCode.OutvotedByQuorum, VerificationReasonCode.AgreedWithQuorum],
            decision.Outcomes.Select(o => o.ReasonCode));
        Assert.Equal([1_000UL, 0UL, 1_000UL], decision.Outcomes.Select(o => o.CostUnits));
        Assert.Equal(VerificationStatus.Invalid, decision.Outcomes[1].Status);

        var reputation = new ReputationBook(new ReputationModel(new ReputationOptions()));
        foreach (var outcome in decision.Outcomes)
        {
            reputation.Record(outcome, Start);
        }

        var prior = reputation.Score("dev-unknown", Start).Mean;
        Assert.True(reputation.Score("dev-cheat", Start).Mean < prior);
        Assert.True(reputation.Score("dev-a", Start).Mean > prior);
    }

    /// <summary>
    /// Documented limit of quorum: two colluding replicas that return the same wrong output are the majority
    /// under k = 2 and win; the honest replica is marked invalid. Scheduling spreads replicas over owners and
    /// gateways to make this unlikely, and sampled re-execution of the agreed output exposes it.
    /// </summary>
    [Fact]
    public void Two_colluding_cheaters_with_identical_wrong_output_outvote_one_honest_replica_and_reexecution_exposes_them()
    {
        var results = new[]
        {
            Replica("task-1", 0, "dev-cheat-1", Pi, Forged),
            Replica("task-1", 1, "dev-honest", Pi),
            Replica("task-1", 2, "dev-cheat-2", Pi, Forged),
        };

        var decision = new QuorumVerifier(2, 3).Evaluate(results);

        Assert.Equal(QuorumState.Reached, decision.State);
        Assert.Equal(
            [VerificationStatus.Valid, VerificationStatus.Invalid, VerificationStatus.Valid],
            decision.Outcomes.Select(o => o.Status));

        var audit = new ReExecutionSampler(1.0, new KernelReExecutor()).ReExecute(results[0]);
        Assert.Equal((VerificationStatus.Invalid, VerificationReasonCode.ReExecutionMismatch), (audit.Status, audit.ReasonCode));
    }

    [Fact]
    public void Quorum_is_pending_until_k_replicas_agree()
    {
        var verifier = new QuorumVerifier(2, 3);

        var one = verifier.Evaluate([Replica("task-1", 0, "dev-a", Pi)]);
        var split = verifier.Evaluate([Replica("task-1", 0, "dev-a", Pi), Replica("task-1", 1, "dev-b", Pi, Forged)]);

        Assert.Equal((QuorumState.Pending, 0), (one.State, one.AdditionalReplicasNeeded));
        Assert.All(one.Outcomes, o => Assert.Equal((VerificationStatus.Pending, VerificationReasonCode.AwaitingReplicas), (o.Status, o.ReasonCode)));
        Assert.Equal(QuorumState.Pending, split.State);
        Assert.True(split.AgreedResult.IsEmpty);
    }

    [Fact]
    public void Impossible_quorum_asks_for_more_replicas_and_an_extension_decides()
    {
        var verifier = new QuorumVerifier(2, 2);
        var honest = Replica("task-1", 0, "dev-a", Pi);
        var cheat = Replica("task-1", 1, "dev-b", Pi, Forged);

        var stuck = verifier.Evaluate([honest, cheat]);
        var extended = verifier.Evaluate([honest, cheat, Replica("task-1", 2, "dev-c", Pi)], replicasIssued: 3);

        Assert.Equal((QuorumState.Impossible, 1), (stuck.State, stuck.AdditionalReplicasNeeded));
        Assert.All(stuck.Outcomes, o => Assert.Equal(VerificationReasonCode.QuorumImpossible, o.ReasonCode));
        Assert.Equal(QuorumState.Reached, extended.State);
        Assert.Equal([VerificationStatus.Valid, VerificationStatus.Invalid, VerificationStatus.Valid], extended.Outcomes.Select(o => o.Status));
    }

    [Fact]
    public void A_tie_at_the_quorum_is_a_conflict_that_needs_one_more_replica()
    {
        var decision = new QuorumVerifier(2, 4).Evaluate(
        [
            Replica("task-1", 0, "dev-a", Pi),
            Replica("task-1", 1, "dev-b", Pi, Forged),
            Replica("task-1", 2, "dev-c", Pi),
            Replica("task-1", 3, "dev-d", Pi, Forged),
        ]);

        Assert.Equal((QuorumState.Conflict, 1), (decision.State, decision.AdditionalReplicasNeeded));
        Assert.All(decision.Outcomes, o => Assert.Equal(VerificationReasonCode.QuorumConflict, o.ReasonCode));
    }

    [Fact]
    public void One_device_votes_once_and_unfinished_runs_are_not_paid()
    {
        var unfinished = new SubmittedResult(
            Assignment("task-1", 2, "dev-c", Pi),
            new TaskResult("task-1", 2, KernelNames.MonteCarloPi, TaskResultStatus.OpBudgetExceeded, 10, null));

        var decision = new QuorumVerifier(2, 3).Evaluate(
        [
            Replica("task-1", 0, "dev-a", Pi),
            Replica("task-1", 1, "dev-a", Pi),
            unfinished,
        ]);

        Assert.Equal(QuorumState.Impossible, decision.State);
        Assert.Equal(VerificationReasonCode.DuplicateResult, decision.Outcomes[1].ReasonCode);
        Assert.Equal((VerificationStatus.NotPayable, VerificationReasonCode.KernelNotCompleted), (decision.Outcomes[2].Status, decision.Outcomes[2].ReasonCode));
    }
}
