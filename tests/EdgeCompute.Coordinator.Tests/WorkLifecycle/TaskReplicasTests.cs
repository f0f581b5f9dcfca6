using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Domain.Work;
using static EdgeCompute.Coordinator.Tests.WorkLifecycle.WorkFixtures;

namespace EdgeCompute.Coordinator.Tests.WorkLifecycle;

/// <summary>The lifecycle rules of one task's replica slots: issue, reissue, receiving results, what verifiers see.</summary>
public sealed class TaskReplicasTests
{
    [Fact]
    public void Late_result_after_reissue_is_recorded_but_not_paid()
    {
        var withdrawn = Assignment(0, "dev-a", AssignmentState.Withdrawn);
        var reissued = Assignment(0, "dev-b", AssignmentState.Issued);

        var late = TaskReplicas.Receive(withdrawn, Task(), "gw-1", HonestBody(0, "dev-a"), Now);
        var answer = TaskReplicas.Receive(reissued, Task(), "gw-1", HonestBody(0, "dev-b"), Now);

        Assert.Equal((ResultVerdict.NotPaid, nameof(VerificationReasonCode.LateAfterReissue), 0L, (long?)Now), (late.Verdict, late.Reason, late.CostUnits, late.VerifiedMs));
        Assert.Equal((ResultVerdict.Pending, "", (long?)null), (answer.Verdict, answer.Reason, answer.VerifiedMs));
    }

    [Theory]
    [InlineData(AssignmentState.Closed, WorkTaskStatus.Open)]
    [InlineData(AssignmentState.Issued, WorkTaskStatus.Verified)]
    [InlineData(AssignmentState.Issued, WorkTaskStatus.Failed)]
    public void Result_after_the_task_was_decided_is_recorded_and_not_paid(AssignmentState state, WorkTaskStatus task)
    {
        var result = TaskReplicas.Receive(Assignment(1, "dev-a", state), Task(task), "gw-1", HonestBody(1, "dev-a"), Now);

        Assert.Equal((ResultVerdict.NotPaid, nameof(VerificationReasonCode.TaskClosed)), (result.Verdict, result.Reason));
    }

    [Fact]
    public void Result_for_a_task_that_is_gone_is_not_paid() =>
        Assert.Equal(ResultVerdict.NotPaid, TaskReplicas.Receive(Assignment(0, "dev-a", AssignmentState.Issued), null, "gw-1", [], Now).Verdict);

    [Fact]
    public void A_reissue_reuses_the_lowest_slot_with_nothing_live_then_new_numbers()
    {
        var replicas = new TaskReplicas(
            [Assignment(0, "dev-a", AssignmentState.Withdrawn), Assignment(1, "dev-b", AssignmentState.Answered), Assignment(2, "dev-c", AssignmentState.Answered),
                Assignment(3, "dev-d", AssignmentState.Issued)],
            [Result(1, "dev-b", ResultVerdict.Invalid), Result(2, "dev-c", ResultVerdict.Valid)]);

        Assert.Equal(["dev-c", "dev-d"], replicas.Live.Select(a => a.NodeId));
        Assert.Equal([0u, 1u, 4u, 5u], replicas.SlotsToIssue(["dev-e", "dev-f", "dev-g", "dev-h"], new HashSet<string>()));
        Assert.Equal([4u, 0u], replicas.SlotsToIssue(["dev-a", "dev-e"], new HashSet<string> { "dev-a" }));
        Assert.Equal(["dev-a"], replicas.MissedDeadlineOnly());
        Assert.Equal([new AssignmentKey(TaskId, 3, "dev-d")], replicas.StillIssued());
    }

    [Fact]
    public void A_first_issue_numbers_slots_from_zero() =>
        Assert.Equal([0u, 1u, 2u], new TaskReplicas([], []).SlotsToIssue(["dev-a", "dev-b", "dev-c"], new HashSet<string>()));

    [Fact]
    public void Verifiers_see_only_results_that_answer_exactly_the_assignment_issued()
    {
        var replicas = new TaskReplicas(
            [Assignment(0, "dev-a", AssignmentState.Answered), Assignment(1, "dev-b", AssignmentState.Answered)],
            [Result(0, "dev-a"), Result(1, "dev-b", body: HonestBody(1, "dev-b", claimedSlot: 0))]);

        var submitted = replicas.Submitted();

        Assert.Equal([new ResultKey(TaskId, 0, "dev-a")], submitted.Select(s => s.Key));
        Assert.False(TaskReplicas.TryDecode(replicas.Assignments[1], replicas.Results[1], out _));
    }

    [Fact]
    public void Wants_the_policy_replicas_and_those_a_split_quorum_lacks()
    {
        var quorum = new JobVerificationPolicy(VerificationMethod.Quorum, Quorum: 2, Replicas: 2);
        var split = new TaskReplicas(
            [Assignment(0, "dev-a", AssignmentState.Answered), Assignment(1, "dev-b", AssignmentState.Answered)],
            [Result(0, "dev-a"), Result(1, "dev-b", body: WrongBody(1, "dev-b"))]);

        Assert.Equal(2, new TaskReplicas([], []).ReplicasWanted(quorum, _ => false));
        Assert.True(split.ReplicasWanted(quorum, _ => false) > 2);
        Assert.Equal(1, split.ReplicasWanted(AcceptEvery, _ => false));
    }

    private static byte[] WrongBody(uint slot, string node)
    {
        var honest = Protocol.Tasks.TaskResultCodec.Decode(HonestBody(slot, node)).Value!;
        var output = (Protocol.Tasks.MonteCarloPiOutput)honest.Output!;
        return Protocol.Tasks.TaskResultCodec.Encode(honest with { Output = output with { Inside = output.Inside == 0 ? 1UL : output.Inside - 1 } });
    }
}
