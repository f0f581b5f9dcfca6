using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;
using static EdgeCompute.Coordinator.Tests.WorkStore.WorkFixtures;

namespace EdgeCompute.Coordinator.Tests.WorkStore;

/// <summary>Assignments, results, judging, credits, totals and reputations.</summary>
public abstract partial class WorkStoreContract
{
    [Fact]
    public async Task Inserting_an_assignment_counts_an_attempt_and_a_duplicate_changes_nothing()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1");
        var first = Assignment("job-1.0", 0, "dev-a");

        Assert.True(await store.InsertAssignmentAsync(first, Ct));
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.0", 1, "dev-b"), Ct));
        Assert.False(await store.InsertAssignmentAsync(first with { Assignment = [1, 2, 3], DeadlineMs = 1 }, Ct));

        Assert.Equal(2, (await store.FindTaskAsync("job-1.0", Ct))!.Attempts);
        Assert.Equal(Key(first), Key((await store.FindAssignmentAsync("job-1.0", 0, "dev-a", Ct))!));
        Assert.Null(await store.FindAssignmentAsync("job-1.0", 0, "dev-b", Ct));
    }

    [Fact]
    public async Task An_assignment_for_an_unknown_task_stores_nothing()
    {
        var store = await OpenAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.InsertAssignmentAsync(Assignment("job-x.0", 0, "dev-a"), Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.InsertResultAsync(Result("job-x.0", 0, "dev-a"), Ct));

        Assert.Null(await store.FindAssignmentAsync("job-x.0", 0, "dev-a", Ct));
        Assert.Equal(0, (await store.ReadStatsAsync(Ct)).TasksIssued);
    }

    [Fact]
    public async Task Reads_a_tasks_assignments_by_slot_then_issue_time()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1");
        var assignments = new[]
        {
            Assignment("job-1.0", 1, "dev-c") with { IssuedMs = 500 },
            Assignment("job-1.0", 0, "dev-b") with { IssuedMs = 900 },
            Assignment("job-1.0", 0, "dev-a") with { IssuedMs = 100 },
        };
        foreach (var a in assignments) Assert.True(await store.InsertAssignmentAsync(a, Ct));

        Assert.Equal(new[] { assignments[2], assignments[1], assignments[0] }.Select(Key), (await store.ReadAssignmentsAsync("job-1.0", Ct)).Select(Key));
        Assert.Empty(await store.ReadAssignmentsAsync("job-1.9", Ct));
    }

    [Fact]
    public async Task Reads_overdue_issued_assignments_oldest_deadline_first()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1", 2);
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.0", 0, "dev-a", deadlineMs: 3_000), Ct));
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.0", 1, "dev-b", deadlineMs: 1_000), Ct));
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.1", 0, "dev-c", deadlineMs: 2_000), Ct));
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.1", 1, "dev-d", deadlineMs: 500, state: AssignmentState.Answered), Ct));
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.1", 2, "dev-e", deadlineMs: 5_000), Ct));

        Assert.Equal(["dev-b", "dev-c", "dev-a"], (await store.ReadOverdueAsync(4_000, 10, Ct)).Select(a => a.NodeId));
        Assert.Equal(["dev-b", "dev-c"], (await store.ReadOverdueAsync(4_000, 2, Ct)).Select(a => a.NodeId));
        Assert.Equal(["dev-b"], (await store.ReadOverdueAsync(2_000, 10, Ct)).Select(a => a.NodeId));
        Assert.Empty(await store.ReadOverdueAsync(1_000, 10, Ct));
        Assert.Empty(await store.ReadOverdueAsync(4_000, 0, Ct));
    }

    [Fact]
    public async Task Reads_the_issued_assignments_sent_through_one_gateway_oldest_first()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1", 2);
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.0", 1, "dev-a"), Ct));
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.0", 0, "dev-b"), Ct));
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.1", 0, "dev-c", state: AssignmentState.Answered), Ct));
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.1", 1, "dev-d") with { GatewayId = "gw-02" }, Ct));
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.1", 2, "gw-01", state: AssignmentState.Withdrawn), Ct));

        Assert.Equal(["dev-b", "dev-a"], (await store.ReadIssuedViaGatewayAsync("gw-01", 10, Ct)).Select(a => a.NodeId));
        Assert.Equal(["dev-b"], (await store.ReadIssuedViaGatewayAsync("gw-01", 1, Ct)).Select(a => a.NodeId));
        Assert.Equal(["dev-d"], (await store.ReadIssuedViaGatewayAsync("gw-02", 10, Ct)).Select(a => a.NodeId));
        Assert.Empty(await store.ReadIssuedViaGatewayAsync("gw-03", 10, Ct));
    }

    [Fact]
    public async Task Counts_issued_assignments_per_node_leaving_out_answered_and_withdrawn_ones()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1", 3);
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.0", 0, "dev-a"), Ct));
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.1", 0, "dev-a"), Ct));
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.0", 1, "dev-b"), Ct));
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.1", 1, "dev-c", state: AssignmentState.Answered), Ct));
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.2", 0, "dev-b"), Ct));
        Assert.True(await store.SetAssignmentStateAsync("job-1.2", 0, "dev-b", AssignmentState.Issued, AssignmentState.Withdrawn, Ct));

        var counts = await store.CountIssuedAsync(Ct);

        Assert.Equal([("dev-a", 2), ("dev-b", 1)], counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value)));
    }

    [Fact]
    public async Task Sets_an_assignment_state_by_compare_and_set()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1");
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.0", 0, "dev-a"), Ct));

        Assert.True(await store.SetAssignmentStateAsync("job-1.0", 0, "dev-a", AssignmentState.Issued, AssignmentState.Withdrawn, Ct));
        Assert.False(await store.SetAssignmentStateAsync("job-1.0", 0, "dev-a", AssignmentState.Issued, AssignmentState.Answered, Ct));
        Assert.False(await store.SetAssignmentStateAsync("job-1.0", 1, "dev-a", AssignmentState.Issued, AssignmentState.Answered, Ct));

        Assert.Equal(AssignmentState.Withdrawn, (await store.FindAssignmentAsync("job-1.0", 0, "dev-a", Ct))!.State);
        Assert.Empty(await store.ReadOverdueAsync(long.MaxValue, 10, Ct));
    }

    [Fact]
    public async Task A_replayed_result_returns_false_and_keeps_the_stored_row()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1");
        var first = Result("job-1.0", 0, "dev-a", receivedMs: 2_000, body: 1);
        Assert.True(await store.InsertResultAsync(first, Ct));

        Assert.False(await store.InsertResultAsync(first with { Body = [9, 9], ReceivedMs = 2_500, Verdict = ResultVerdict.Valid, CostUnits = 50 }, Ct));

        Assert.Equal(Key(first), Key(Assert.Single(await store.ReadResultsAsync("job-1.0", Ct))));
    }

    [Fact]
    public async Task Reads_results_in_received_order()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1");
        var results = new[]
        {
            Result("job-1.0", 2, "dev-c", receivedMs: 1_000),
            Result("job-1.0", 0, "dev-z", receivedMs: 2_000),
            Result("job-1.0", 1, "dev-a", receivedMs: 2_000),
            Result("job-1.0", 0, "dev-b", receivedMs: 2_000),
        };
        foreach (var r in results) Assert.True(await store.InsertResultAsync(r, Ct));

        Assert.Equal(results.Select(Key), (await store.ReadResultsAsync("job-1.0", Ct)).Select(Key));
    }

    [Fact]
    public async Task Judging_sets_pending_verdicts_and_finishes_the_task_together()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1");
        foreach (var (slot, node) in new[] { (0u, "dev-a"), (1u, "dev-b"), (2u, "dev-c") }) Assert.True(await store.InsertResultAsync(Result("job-1.0", slot, node), Ct));
        Assert.True(await store.JudgeAsync([Verdict("job-1.0", 2, "dev-c", ResultVerdict.NotPaid, 2_500)], null, Ct));

        Assert.True(await store.JudgeAsync(
            [Valid("job-1.0", 0, "dev-a", 3_000, 120), Verdict("job-1.0", 1, "dev-b", ResultVerdict.Invalid), Valid("job-1.0", 2, "dev-c", 3_000, 999)],
            new TaskCompletion("job-1.0", WorkTaskStatus.Verified, [0xAB], 3_000), Ct));

        var results = await store.ReadResultsAsync("job-1.0", Ct);
        Assert.Equal((ResultVerdict.Valid, "ok", 120L, (long?)3_000), (results[0].Verdict, results[0].Reason, results[0].CostUnits, results[0].VerifiedMs));
        Assert.Equal((ResultVerdict.Invalid, "invalid", 0L), (results[1].Verdict, results[1].Reason, results[1].CostUnits));
        // dev-c was no longer pending: its verdict stays
        Assert.Equal((ResultVerdict.NotPaid, "notpaid", (long?)2_500), (results[2].Verdict, results[2].Reason, results[2].VerifiedMs));
        Assert.Equal(Key(TaskOf("job-1", 0) with { Status = WorkTaskStatus.Verified, Output = [0xAB], VerifiedMs = 3_000 }), Key((await store.FindTaskAsync("job-1.0", Ct))!));
    }

    [Fact]
    public async Task Judging_a_task_no_longer_open_returns_false_and_changes_nothing()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1");
        Assert.True(await store.InsertResultAsync(Result("job-1.0", 0, "dev-a"), Ct));
        Assert.True(await store.FinishTaskAsync("job-1.0", WorkTaskStatus.Failed, null, 2_500, Ct));

        Assert.False(await store.JudgeAsync([Valid("job-1.0", 0, "dev-a")], new TaskCompletion("job-1.0", WorkTaskStatus.Verified, [1], 3_000), Ct));

        Assert.Equal(ResultVerdict.Pending, Assert.Single(await store.ReadResultsAsync("job-1.0", Ct)).Verdict);
        Assert.Equal(Key(TaskOf("job-1", 0) with { Status = WorkTaskStatus.Failed, VerifiedMs = 2_500 }), Key((await store.FindTaskAsync("job-1.0", Ct))!));
    }

    [Fact]
    public async Task A_second_valid_result_in_a_slot_is_refused_with_nothing_changed()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1");
        foreach (var (slot, node) in new[] { (0u, "dev-a"), (0u, "dev-b"), (1u, "dev-c") }) Assert.True(await store.InsertResultAsync(Result("job-1.0", slot, node), Ct));
        Assert.True(await store.JudgeAsync([Valid("job-1.0", 0, "dev-a")], null, Ct));

        Assert.False(await store.JudgeAsync([Valid("job-1.0", 1, "dev-c"), Valid("job-1.0", 0, "dev-b")],
            new TaskCompletion("job-1.0", WorkTaskStatus.Verified, [1], 3_000), Ct));

        var results = await store.ReadResultsAsync("job-1.0", Ct);
        Assert.Equal([ResultVerdict.Valid, ResultVerdict.Pending, ResultVerdict.Pending], results.Select(r => r.Verdict));
        Assert.Equal(WorkTaskStatus.Open, (await store.FindTaskAsync("job-1.0", Ct))!.Status);
        Assert.True(await store.JudgeAsync([Valid("job-1.0", 1, "dev-c"), Verdict("job-1.0", 0, "dev-b", ResultVerdict.NotPaid)], null, Ct));
        // inserting an already-valid result into a credited slot is refused too
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.InsertResultAsync(Result("job-1.0", 0, "dev-d") with { Verdict = ResultVerdict.Valid, VerifiedMs = 1 }, Ct));
        Assert.Equal(3, (await store.ReadResultsAsync("job-1.0", Ct)).Count);
    }

    [Fact]
    public async Task Replicas_judging_conflicting_valid_results_of_one_slot_credit_it_once()
    {
        var stores = new[] { await OpenAsync(), await OpenAsync() };
        var tasks = await SeedJobAsync(stores[0], "job-1", 8);
        foreach (var task in tasks)
        {
            Assert.True(await stores[0].InsertResultAsync(Result(task.TaskId, 0, "dev-a"), Ct));
            Assert.True(await stores[1].InsertResultAsync(Result(task.TaskId, 0, "dev-b"), Ct));
        }

        foreach (var task in tasks)
        {
            // even tasks: verdicts only (the unique index decides); odd tasks: with the task completion (the task row decides)
            TaskCompletion? completion = task.Index % 2 == 0 ? null : new TaskCompletion(task.TaskId, WorkTaskStatus.Verified, [1], 3_000);
            var outcomes = await Task.WhenAll(
                stores[0].JudgeAsync([Valid(task.TaskId, 0, "dev-a")], completion, Ct),
                stores[1].JudgeAsync([Valid(task.TaskId, 0, "dev-b")], completion, Ct));

            Assert.Single(outcomes, o => o);
            var results = await stores[0].ReadResultsAsync(task.TaskId, Ct);
            Assert.Single(results, r => r.Verdict == ResultVerdict.Valid);
            Assert.Single(results, r => r.Verdict == ResultVerdict.Pending);
            Assert.Equal(outcomes[0] ? "dev-a" : "dev-b", results.Single(r => r.Verdict == ResultVerdict.Valid).NodeId);
        }

        Assert.Equal(8, (await stores[1].ReadWorkCreditsAsync(0, long.MaxValue, Ct)).Count);
    }
}
