using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Protocol.Tasks;
using static EdgeCompute.Coordinator.Tests.Verification.TaskFixtures;

namespace EdgeCompute.Coordinator.Tests.Verification;

/// <summary>A quorum won with a suspect node among the winners is judged by the coordinator's own re-execution.</summary>
public sealed class SuspectReExecutionTests
{
    private static readonly MonteCarloPiOutput Shared = new(999, 1_000);
    private readonly ReExecutionSampler _reExecutor = new(0, new KernelReExecutor());

    private static IReadOnlyList<SubmittedResult> Colluders() =>
        [Replica("t", 0, "dev-a", Pi, Shared), Replica("t", 1, "dev-b", Pi, Shared)];

    [Fact]
    public void Two_colluders_who_win_a_quorum_lose_when_one_of_them_is_suspect()
    {
        var submitted = Colluders();
        var quorum = new QuorumVerifier(2, 2).Evaluate(submitted);

        var judged = SuspectReExecution.Judge(submitted, quorum.Outcomes, node => node == "dev-a", _reExecutor);

        Assert.Equal(QuorumState.Reached, quorum.State);
        Assert.All(quorum.Outcomes, o => Assert.Equal(VerificationStatus.Valid, o.Status));
        Assert.NotNull(judged);
        Assert.All(judged, o => Assert.Equal((VerificationStatus.Invalid, VerificationReasonCode.ReExecutionMismatch), (o.Status, o.ReasonCode)));
    }

    [Fact]
    public void An_honest_quorum_with_a_suspect_winner_is_confirmed_by_re_execution()
    {
        IReadOnlyList<SubmittedResult> submitted = [Replica("t", 0, "dev-a", Pi), Replica("t", 1, "dev-b", Pi)];
        var quorum = new QuorumVerifier(2, 2).Evaluate(submitted);

        var judged = SuspectReExecution.Judge(submitted, quorum.Outcomes, node => node == "dev-b", _reExecutor);

        Assert.NotNull(judged);
        Assert.All(judged, o => Assert.Equal((VerificationStatus.Valid, VerificationReasonCode.ReExecutionMatched), (o.Status, o.ReasonCode)));
    }

    [Fact]
    public void A_quorum_whose_winners_are_not_suspect_stands_without_re_execution()
    {
        var submitted = Colluders();
        var quorum = new QuorumVerifier(2, 2).Evaluate(submitted);

        Assert.Null(SuspectReExecution.Judge(submitted, quorum.Outcomes, _ => false, _reExecutor));
    }

    [Fact]
    public void A_suspect_outvoted_by_the_quorum_costs_no_re_execution()
    {
        IReadOnlyList<SubmittedResult> submitted = [Replica("t", 0, "dev-a", Pi, Shared), Replica("t", 1, "dev-b", Pi), Replica("t", 2, "dev-c", Pi)];
        var quorum = new QuorumVerifier(2, 3).Evaluate(submitted);

        Assert.Null(SuspectReExecution.Judge(submitted, quorum.Outcomes, node => node == "dev-a", _reExecutor));
    }

    [Fact]
    public void Without_a_re_executor_for_the_kernel_the_quorum_stands()
    {
        var parameters = new OpaqueKernelParameters("wasm.tile", new byte[] { 0x80 });
        IReadOnlyList<SubmittedResult> submitted =
        [
            new(Assignment("t", 0, "gw-a", parameters), new TaskResult("t", 0, "wasm.tile", TaskResultStatus.Ok, 7, new OpaqueKernelOutput(new byte[] { 0x81, 0x05 }))),
            new(Assignment("t", 1, "gw-b", parameters), new TaskResult("t", 1, "wasm.tile", TaskResultStatus.Ok, 7, new OpaqueKernelOutput(new byte[] { 0x81, 0x05 }))),
        ];
        var quorum = new QuorumVerifier(2, 2).Evaluate(submitted);

        Assert.Equal(QuorumState.Reached, quorum.State);
        Assert.Null(SuspectReExecution.Judge(submitted, quorum.Outcomes, _ => true, _reExecutor));
    }
}
