using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Protocol.Tasks;
using static EdgeCompute.Coordinator.Tests.Verification.TaskFixtures;

namespace EdgeCompute.Coordinator.Tests.Verification;

/// <summary>Which verdicts prove two nodes colluded: the same wrong answer, both judged invalid, different owners.</summary>
public sealed class ColludingPairTests
{
    private static readonly MonteCarloPiOutput WrongOne = new(999, 1_000);
    private static readonly MonteCarloPiOutput WrongTwo = new(998, 1_000);

    private static (SubmittedResult, VerificationOutcome) Judged(string node, uint slot, MonteCarloPiOutput? wrong)
    {
        var result = Replica("t", slot, node, Pi, wrong);
        return (result, wrong is null ? VerificationOutcome.Valid(result, VerificationReasonCode.AgreedWithQuorum)
            : VerificationOutcome.Invalid(result.Key, VerificationReasonCode.OutvotedByQuorum));
    }

    [Fact]
    public void Two_owners_outvoted_with_the_same_wrong_answer_are_a_pair_in_id_order()
    {
        var pairs = ColludingPair.Detect([Judged("dev-z", 0, WrongOne), Judged("dev-h", 1, null), Judged("dev-b", 2, WrongOne)], node => "owner-" + node);

        Assert.Equal(new[] { new ColludingPair("dev-b", "dev-z") }, pairs);
        Assert.Equal(ColludingPair.Of("dev-z", "dev-b"), ColludingPair.Of("dev-b", "dev-z"));
    }

    [Fact]
    public void Different_wrong_answers_one_owner_or_a_missed_deadline_prove_nothing()
    {
        Assert.Empty(ColludingPair.Detect([Judged("dev-a", 0, WrongOne), Judged("dev-b", 1, WrongTwo)], node => node));
        Assert.Empty(ColludingPair.Detect([Judged("dev-a", 0, WrongOne), Judged("dev-b", 1, WrongOne)], _ => "alice"));
        var missed = Replica("t", 1, "dev-b", Pi, WrongOne);
        Assert.Empty(ColludingPair.Detect([Judged("dev-a", 0, WrongOne), (missed, VerificationOutcome.MissedDeadline(missed.Key))], node => node));
    }

    [Fact]
    public void Agreeing_replicas_judged_valid_are_no_pair()
    {
        Assert.Empty(ColludingPair.Detect([Judged("dev-a", 0, null), Judged("dev-b", 1, null)], node => node));
        Assert.Throws<ArgumentException>(() => ColludingPair.Of("dev-a", "dev-a"));
    }
}
