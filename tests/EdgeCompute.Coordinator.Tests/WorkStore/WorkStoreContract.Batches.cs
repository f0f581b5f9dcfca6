using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;
using static EdgeCompute.Coordinator.Tests.WorkStore.WorkFixtures;

namespace EdgeCompute.Coordinator.Tests.WorkStore;

/// <summary>The batch forms the result path uses: reads by many task ids, and all-or-nothing writes of many rows.</summary>
public abstract partial class WorkStoreContract
{
    [Fact]
    public async Task Reads_many_tasks_assignments_and_results_in_one_call_grouped_by_task()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1", 3);
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.2", 1, "dev-b"), Ct));
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.0", 0, "dev-a"), Ct));
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.2", 0, "dev-c"), Ct));
        Assert.True(await store.InsertResultAsync(Result("job-1.2", 1, "dev-b", receivedMs: 5), Ct));
        Assert.True(await store.InsertResultAsync(Result("job-1.0", 0, "dev-a", receivedMs: 9), Ct));

        string[] ids = ["job-1.2", "job-1.0", "job-1.9"];
        Assert.Equal(["job-1.0", "job-1.2"], (await store.FindTasksAsync(ids, Ct)).Select(t => t.TaskId).Order());
        Assert.Equal([("job-1.0", 0u), ("job-1.2", 0u), ("job-1.2", 1u)], (await store.ReadAssignmentsAsync(ids, Ct)).Select(a => (a.TaskId, a.Slot)));
        Assert.Equal([("job-1.0", "dev-a"), ("job-1.2", "dev-b")], (await store.ReadResultsAsync(ids, Ct)).Select(r => (r.TaskId, r.NodeId)));
        Assert.True(await store.HasOpenTasksAsync("job-1", Ct));
        Assert.False(await store.HasOpenTasksAsync("job-none", Ct));
    }

    [Fact]
    public async Task Recording_many_results_commits_all_with_the_tasks_fingerprints_or_nothing_when_one_was_recorded_before()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1", 2);
        foreach (var (task, slot, node) in new[] { ("job-1.0", 0u, "dev-a"), ("job-1.0", 1u, "dev-b"), ("job-1.1", 0u, "dev-c") })
        {
            Assert.True(await store.InsertAssignmentAsync(Assignment(task, slot, node), Ct));
        }

        var fingerprints = await store.RecordResultsAsync([Result("job-1.0", 0, "dev-a"), Result("job-1.1", 0, "dev-c")],
            [new AssignmentKey("job-1.0", 0, "dev-a"), new AssignmentKey("job-1.1", 0, "dev-c")], Ct);

        Assert.NotNull(fingerprints);
        // job-1.0: one pending result (verdict 1); assignments answered (2) + issued (1).
        Assert.Equal(new TaskFingerprint(WorkTaskStatus.Open, 1, 1, 2, 3), fingerprints["job-1.0"]);
        Assert.Equal(new TaskFingerprint(WorkTaskStatus.Open, 1, 1, 1, 2), fingerprints["job-1.1"]);
        Assert.Equal(AssignmentState.Answered, (await store.FindAssignmentAsync("job-1.0", 0, "dev-a", Ct))!.State);

        // One of these is recorded already: nothing of the call is kept, so the caller can take them one by one.
        var again = await store.RecordResultsAsync([Result("job-1.0", 1, "dev-b"), Result("job-1.1", 0, "dev-c")], [new AssignmentKey("job-1.0", 1, "dev-b")], Ct);

        Assert.Null(again);
        Assert.Null((await store.ReadResultsAsync("job-1.0", Ct)).SingleOrDefault(r => r.NodeId == "dev-b"));
        Assert.Equal(AssignmentState.Issued, (await store.FindAssignmentAsync("job-1.0", 1, "dev-b", Ct))!.State);
    }

    [Fact]
    public async Task Judging_many_tasks_is_all_or_nothing_when_one_task_was_decided_meanwhile()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1", 2);
        foreach (var (task, slot, node) in new[] { ("job-1.0", 0u, "dev-a"), ("job-1.0", 1u, "dev-b"), ("job-1.1", 0u, "dev-c") })
        {
            Assert.True(await store.InsertAssignmentAsync(Assignment(task, slot, node), Ct));
        }

        Assert.NotNull(await store.RecordResultsAsync([Result("job-1.0", 0, "dev-a"), Result("job-1.1", 0, "dev-c")],
            [new AssignmentKey("job-1.0", 0, "dev-a"), new AssignmentKey("job-1.1", 0, "dev-c")], Ct));
        TaskJudgement[] judgements =
        [
            new("job-1.0", [Valid("job-1.0", 0, "dev-a")], new TaskCompletion("job-1.0", WorkTaskStatus.Verified, [7], 3_000), [new AssignmentKey("job-1.0", 1, "dev-b")]),
            new("job-1.1", [Valid("job-1.1", 0, "dev-c")], new TaskCompletion("job-1.1", WorkTaskStatus.Verified, [8], 3_000), []),
        ];
        Assert.True(await store.FinishTaskAsync("job-1.1", WorkTaskStatus.Failed, null, 2_500, Ct)); // decided elsewhere

        Assert.Null(await store.JudgeManyAsync(judgements, Ct));
        Assert.Equal(WorkTaskStatus.Open, (await store.FindTaskAsync("job-1.0", Ct))!.Status);
        Assert.Equal(ResultVerdict.Pending, (await store.ReadResultsAsync("job-1.0", Ct)).Single().Verdict);
        Assert.Equal(AssignmentState.Issued, (await store.FindAssignmentAsync("job-1.0", 1, "dev-b", Ct))!.State);

        var closed = await store.JudgeManyAsync([judgements[0]], Ct);

        Assert.Equal([new AssignmentKey("job-1.0", 1, "dev-b")], closed);
        Assert.Equal(WorkTaskStatus.Verified, (await store.FindTaskAsync("job-1.0", Ct))!.Status);
        Assert.Equal(ResultVerdict.Valid, (await store.ReadResultsAsync("job-1.0", Ct)).Single().Verdict);
        Assert.Equal(AssignmentState.Closed, (await store.FindAssignmentAsync("job-1.0", 1, "dev-b", Ct))!.State);
        Assert.False(await store.HasOpenTasksAsync("job-1", Ct));
    }

    [Fact]
    public async Task Recording_many_results_keeps_nothing_when_an_assignment_to_answer_was_withdrawn_meanwhile()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1", 2);
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.0", 0, "dev-a"), Ct));
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.1", 0, "dev-c"), Ct));
        Assert.True(await store.SetAssignmentStateAsync("job-1.1", 0, "dev-c", AssignmentState.Issued, AssignmentState.Withdrawn, Ct));

        var recorded = await store.RecordResultsAsync([Result("job-1.0", 0, "dev-a"), Result("job-1.1", 0, "dev-c")],
            [new AssignmentKey("job-1.0", 0, "dev-a"), new AssignmentKey("job-1.1", 0, "dev-c")], Ct);

        Assert.Null(recorded);
        Assert.Empty(await store.ReadResultsAsync(["job-1.0", "job-1.1"], Ct));
        Assert.Equal(AssignmentState.Issued, (await store.FindAssignmentAsync("job-1.0", 0, "dev-a", Ct))!.State);
    }

    [Fact]
    public async Task Judging_many_tasks_closes_only_the_assignments_still_issued_and_returns_them_in_the_order_asked()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1", 1);
        foreach (var (slot, node) in new[] { (0u, "dev-a"), (1u, "dev-b"), (2u, "dev-d"), (3u, "dev-e") })
        {
            Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.0", slot, node), Ct));
        }

        Assert.NotNull(await store.RecordResultsAsync([Result("job-1.0", 0, "dev-a")], [new AssignmentKey("job-1.0", 0, "dev-a")], Ct));
        Assert.True(await store.SetAssignmentStateAsync("job-1.0", 2, "dev-d", AssignmentState.Issued, AssignmentState.Withdrawn, Ct));
        AssignmentKey[] toClose = [new("job-1.0", 3, "dev-e"), new("job-1.0", 2, "dev-d"), new("job-1.0", 1, "dev-b")];

        var closed = await store.JudgeManyAsync(
            [new TaskJudgement("job-1.0", [Valid("job-1.0", 0, "dev-a")], new TaskCompletion("job-1.0", WorkTaskStatus.Verified, [7], 3_000), toClose)], Ct);

        Assert.Equal([new AssignmentKey("job-1.0", 3, "dev-e"), new AssignmentKey("job-1.0", 1, "dev-b")], closed);
        Assert.Equal(AssignmentState.Withdrawn, (await store.FindAssignmentAsync("job-1.0", 2, "dev-d", Ct))!.State);
        Assert.Equal(AssignmentState.Closed, (await store.FindAssignmentAsync("job-1.0", 1, "dev-b", Ct))!.State);
    }

    [Fact]
    public async Task Saving_many_reputations_keeps_the_last_of_each_node()
    {
        var store = await OpenAsync();

        await store.SaveReputationsAsync([new NodeReputationRecord("dev-a", 2, 1, 10, 1, false), new NodeReputationRecord("dev-b", 1, 3, 10, 0, false)], Ct);
        await store.SaveReputationsAsync([new NodeReputationRecord("dev-a", 5, 1, 20, 4, true)], Ct);

        Assert.Equal([("dev-a", 5.0, 4, true), ("dev-b", 1.0, 0, false)], (await store.ReadReputationsAsync(Ct)).Select(r => (r.NodeId, r.Alpha, r.ValidRun, r.Trusted)));
    }

    [Fact]
    public async Task Updating_reputations_from_two_stores_at_once_loses_no_update()
    {
        var stores = new[] { await OpenAsync(), await OpenAsync() };
        await stores[0].SaveReputationsAsync([new NodeReputationRecord("dev-a", 1, 1, 10, 0, false)], Ct);

        // 2 × 20 read-modify-writes racing on one node and one node without a row yet: each adds 1 to alpha
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => stores[i % 2].UpdateReputationsAsync(["dev-a", "dev-z"], stored =>
            [
                stored.TryGetValue("dev-a", out var a) ? a with { Alpha = a.Alpha + 1 } : throw new InvalidOperationException("dev-a has a row"),
                stored.TryGetValue("dev-z", out var z) ? z with { Alpha = z.Alpha + 1 } : new NodeReputationRecord("dev-z", 1, 1, 10, 0, false),
            ], Ct))));

        var read = (await stores[1].ReadReputationsAsync(Ct)).ToDictionary(r => r.NodeId, r => r.Alpha, StringComparer.Ordinal);
        Assert.Equal(41.0, read["dev-a"]);
        Assert.Equal(40.0, read["dev-z"]); // a node without a row yet too: the first writer's row is what the second reads
    }
}
