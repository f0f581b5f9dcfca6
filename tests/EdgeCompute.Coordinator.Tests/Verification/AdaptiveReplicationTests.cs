using EdgeCompute.Coordinator.Domain.Reputation;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Protocol.Tasks;
using Microsoft.Extensions.Time.Testing;
using static EdgeCompute.Coordinator.Tests.Verification.TaskFixtures;

namespace EdgeCompute.Coordinator.Tests.Verification;

public sealed class AdaptiveReplicationTests
{
    private const string Node = "dev-a";
    private readonly ReExecutionSampler _checker = new(1.0, new KernelReExecutor());

    [Fact]
    public void Node_becomes_trusted_after_a_run_of_checked_valid_results_and_then_runs_alone()
    {
        var policy = new AdaptiveReplication(trustAfter: 3, spotCheckRate: 0);
        var random = new Random(1);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(ReplicationMode.Replicate, policy.Plan(Node, random));
            Assert.Equal(VerificationReasonCode.NodeNotTrusted, policy.AcceptAlone(Task(i, cheat: false)).ReasonCode);
            policy.Record(_checker.ReExecute(Task(i, cheat: false)));
        }

        Assert.True(policy.Trust(Node).IsTrusted);
        Assert.Equal(ReplicationMode.Alone, policy.Plan(Node, random));
        var alone = policy.AcceptAlone(Task(9, cheat: false));
        Assert.Equal((VerificationStatus.Valid, VerificationReasonCode.TrustedUnchecked, 1_000UL), (alone.Status, alone.ReasonCode, alone.CostUnits));
    }

    [Fact]
    public void Unchecked_results_do_not_build_trust_and_one_invalid_result_revokes_it()
    {
        var policy = new AdaptiveReplication(trustAfter: 2, spotCheckRate: 0);
        policy.Restore(Node, new AdaptiveTrust(ValidRun: 1, IsTrusted: false, SpotChecks: 0, Revocations: 0));

        policy.Record(VerificationOutcome.Valid(Task(0, cheat: false), VerificationReasonCode.TrustedUnchecked));
        Assert.False(policy.Trust(Node).IsTrusted);
        policy.Record(_checker.ReExecute(Task(1, cheat: false)));
        Assert.True(policy.Trust(Node).IsTrusted);

        var after = policy.Record(_checker.ReExecute(Task(2, cheat: true)));

        Assert.Equal(new AdaptiveTrust(ValidRun: 0, IsTrusted: false, SpotChecks: 0, Revocations: 1), after);
        Assert.Equal(ReplicationMode.Replicate, policy.Plan(Node, new Random(1)));
    }

    [Fact]
    public void Trusted_node_that_turns_bad_is_caught_by_spot_checks()
    {
        const int Seed = 20261124;
        const double CheatRate = 0.3;
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {Seed}, cheat rate {CheatRate}");
        var coordinator = new Random(Seed);
        var node = new Random(Seed + 1);
        var clock = new FakeTimeProvider(Start);
        var policy = new AdaptiveReplication(trustAfter: 10, spotCheckRate: 0.2);
        var reputation = new ReputationBook(new ReputationModel(new ReputationOptions()));
        var task = 0;

        // Honest phase: replicated, every result checked, until trusted.
        while (!policy.Trust(Node).IsTrusted)
        {
            Assert.Equal(ReplicationMode.Replicate, policy.Plan(Node, coordinator));
            var outcome = _checker.ReExecute(Task(task++, cheat: false));
            policy.Record(outcome);
            reputation.Record(outcome, clock.GetUtcNow());
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(10, task);
        var trustedScore = reputation.Score(Node, clock.GetUtcNow());

        // Turned bad: 30 % of its results are forged; most run alone and slip through unchecked until a spot check.
        var acceptedForgeries = 0;
        VerificationOutcome? caught = null;
        for (var turnedBad = 0; turnedBad < 500 && caught is null; turnedBad++)
        {
            var cheats = node.NextDouble() < CheatRate;
            var submitted = Task(task++, cheats);
            var mode = policy.Plan(Node, coordinator);
            var outcome = mode == ReplicationMode.SpotCheck ? _checker.ReExecute(submitted) : policy.AcceptAlone(submitted);
            acceptedForgeries += cheats && outcome.Status == VerificationStatus.Valid ? 1 : 0;
            policy.Record(outcome);
            reputation.Record(outcome, clock.GetUtcNow());
            clock.Advance(TimeSpan.FromMinutes(1));
            caught = outcome.Status == VerificationStatus.Invalid ? outcome : null;
        }

        var trust = policy.Trust(Node);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"caught after {task - 10} tasks while trusted, {trust.SpotChecks} spot checks, {acceptedForgeries} forgeries accepted unchecked");
        Assert.NotNull(caught);
        Assert.Equal(VerificationReasonCode.ReExecutionMismatch, caught.ReasonCode);
        Assert.InRange(trust.SpotChecks, 1, 12);
        Assert.Equal((false, 0, 1L), (trust.IsTrusted, trust.ValidRun, trust.Revocations));
        Assert.True(reputation.Score(Node, clock.GetUtcNow()).Mean < trustedScore.Mean);
        Assert.Equal(ReplicationMode.Replicate, policy.Plan(Node, coordinator));
    }

    private static SubmittedResult Task(int number, bool cheat) =>
        Replica($"task-{number}", 0, Node, Pi, cheat ? new MonteCarloPiOutput(1_000, 1_000) : null);
}
