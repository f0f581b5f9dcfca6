using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Domain.Work;
using static EdgeCompute.Coordinator.Tests.WorkLifecycle.WorkFixtures;

namespace EdgeCompute.Coordinator.Tests.WorkLifecycle;

/// <summary>Judging a task's pending results: verdicts, credit, completion, and each slot paid at most once.</summary>
public sealed class TaskJudgeTests
{
    [Fact]
    public void An_accepted_result_is_credited_and_completes_the_task_with_its_output()
    {
        var replicas = new TaskReplicas([Assignment(0, "dev-a", AssignmentState.Answered)], [Result(0, "dev-a")]);

        var decision = Judge().Decide(Task(), AcceptEvery, replicas, Now + 5)!;

        var update = Assert.Single(decision.Updates);
        Assert.Equal((ResultVerdict.Valid, 1_000L, Now + 5), (update.Verdict, update.CostUnits, update.VerifiedMs));
        Assert.Equal(WorkTaskStatus.Verified, decision.Completion!.Status);
        Assert.Equal(Protocol.Tasks.TaskResultCodec.Encode(Protocol.Tasks.TaskResultCodec.Decode(HonestBody(0, "dev-a")).Value! with { Slot = 0 }), decision.Completion.Output);
    }

    [Fact]
    public void A_slot_already_paid_is_not_paid_again()
    {
        // dev-a's answer in slot 0 was paid; dev-b answered the same slot (a race across replicas): recorded, not paid.
        var replicas = new TaskReplicas(
            [Assignment(0, "dev-a", AssignmentState.Answered), Assignment(0, "dev-b", AssignmentState.Answered)],
            [Result(0, "dev-a", ResultVerdict.Valid), Result(0, "dev-b")]);

        var decision = Judge().Decide(Task(), AcceptEvery, replicas, Now)!;

        var update = Assert.Single(decision.Updates);
        Assert.Equal(("dev-b", ResultVerdict.NotPaid, nameof(VerificationReasonCode.DuplicateResult), 0L), (update.NodeId, update.Verdict, update.Reason, update.CostUnits));
        Assert.Null(decision.Completion);
    }

    [Fact]
    public void Two_valid_answers_for_one_slot_in_one_judgement_are_paid_once()
    {
        var replicas = new TaskReplicas(
            [Assignment(0, "dev-a", AssignmentState.Answered), Assignment(0, "dev-b", AssignmentState.Answered)],
            [Result(0, "dev-a"), Result(0, "dev-b")]);

        var decision = Judge().Decide(Task(), AcceptEvery, replicas, Now)!;

        Assert.Equal([ResultVerdict.Valid, ResultVerdict.NotPaid], decision.Updates.Select(u => u.Verdict));
        Assert.Single(decision.Updates, u => u.CostUnits > 0);
    }

    [Fact]
    public void Agreeing_replicas_in_their_own_slots_are_each_paid()
    {
        var quorum = new JobVerificationPolicy(VerificationMethod.Quorum, Quorum: 2, Replicas: 2);
        var replicas = new TaskReplicas(
            [Assignment(0, "dev-a", AssignmentState.Answered), Assignment(1, "dev-b", AssignmentState.Answered)],
            [Result(0, "dev-a"), Result(1, "dev-b")]);

        var decision = Judge().Decide(Task(), quorum, replicas, Now)!;

        Assert.Equal([(0u, ResultVerdict.Valid), (1u, ResultVerdict.Valid)], decision.Updates.Select(u => (u.Slot, u.Verdict)).Order());
        Assert.NotNull(decision.Completion);
    }

    [Fact]
    public void A_quorum_still_waiting_decides_nothing()
    {
        var quorum = new JobVerificationPolicy(VerificationMethod.Quorum, Quorum: 2, Replicas: 2);
        var replicas = new TaskReplicas(
            [Assignment(0, "dev-a", AssignmentState.Answered), Assignment(1, "dev-b", AssignmentState.Issued)],
            [Result(0, "dev-a")]);

        Assert.Null(Judge().Decide(Task(), quorum, replicas, Now));
    }

    [Fact]
    public void A_device_kernel_quorum_won_by_a_suspect_never_waits_the_judge_re_executes_it_itself()
    {
        var quorum = new JobVerificationPolicy(VerificationMethod.Quorum, Quorum: 2, Replicas: 2);
        var replicas = new TaskReplicas(
            [Assignment(0, "dev-a", AssignmentState.Answered), Assignment(1, "dev-b", AssignmentState.Answered)],
            [Result(0, "dev-a"), Result(1, "dev-b")]);
        var judge = new TaskJudge(Kernels, null, new AdaptiveReplication(10, 0.1), new Random(7), node => node == "dev-a");

        Assert.False(judge.AwaitsModuleReExecution(Task(), quorum, replicas));
        var decision = judge.Decide(Task(), quorum, replicas, Now)!;
        Assert.All(decision.Updates, u => Assert.Equal(nameof(VerificationReasonCode.ReExecutionMatched), u.Reason));
    }
}
