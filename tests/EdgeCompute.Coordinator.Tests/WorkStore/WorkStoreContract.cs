using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;
using static EdgeCompute.Coordinator.Tests.WorkStore.WorkFixtures;

namespace EdgeCompute.Coordinator.Tests.WorkStore;

/// <summary>The behaviour every <see cref="IWorkStore"/> must have; run once per store by a subclass. Jobs and tasks here; the rest in the other parts.</summary>
public abstract partial class WorkStoreContract : IAsyncLifetime
{
    private readonly List<IWorkStore> _stores = [];

    /// <summary>Opens a new store instance on this test's database (a second call is a second replica on the same data).</summary>
    protected abstract Task<IWorkStore> OpenStoreAsync();

    /// <summary>Drops this test's database objects.</summary>
    protected abstract ValueTask DropAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        await DropAsync();
        GC.SuppressFinalize(this);
    }

    private async Task<IWorkStore> OpenAsync()
    {
        var store = await OpenStoreAsync();
        _stores.Add(store);
        return store;
    }

    private async Task CloseAsync(IWorkStore store)
    {
        _stores.Remove(store);
        await store.DisposeAsync();
    }

    /// <summary>A running job with <paramref name="tasks"/> open tasks, stored.</summary>
    private static async Task<TaskRecord[]> SeedJobAsync(IWorkStore store, string jobId, int tasks = 1, long createdMs = 1_000)
    {
        var records = Tasks(jobId, tasks);
        Assert.True(await store.InsertJobAsync(Job(jobId, createdMs), records, Ct));
        return records;
    }

    [Fact]
    public async Task Stores_a_job_with_its_tasks_and_reads_them_back()
    {
        var store = await OpenAsync();
        var job = Job("job-1");
        var tasks = Tasks("job-1", 3).Reverse().ToArray();

        Assert.True(await store.InsertJobAsync(job, tasks, Ct));

        Assert.Equal(job, await store.FindJobAsync("job-1", Ct));
        Assert.Null(await store.FindJobAsync("job-2", Ct));
        var stored = await store.ReadTasksAsync("job-1", Ct);
        Assert.Equal(tasks.Reverse().Select(Key), stored.Select(Key));
        Assert.Equal(Key(tasks[0]), Key((await store.FindTaskAsync("job-1.2", Ct))!));
        Assert.Null(await store.FindTaskAsync("job-1.9", Ct));
    }

    [Fact]
    public async Task A_second_insert_of_a_job_id_returns_false_and_changes_nothing()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1", 2);

        Assert.False(await store.InsertJobAsync(Job("job-1", 9_999) with { Fee = 1 }, [TaskOf("job-1", 5)], Ct));

        Assert.Equal(Job("job-1"), await store.FindJobAsync("job-1", Ct));
        Assert.Equal([0, 1], (await store.ReadTasksAsync("job-1", Ct)).Select(t => t.Index));
        Assert.Null(await store.FindTaskAsync("job-1.5", Ct));
    }

    [Fact]
    public async Task A_job_whose_task_cannot_be_stored_stores_nothing()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1");

        // job-2's task reuses job-1's task id: the insert fails as a whole.
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.InsertJobAsync(Job("job-2"), [TaskOf("job-2", 0) with { TaskId = "job-1.0" }], Ct));

        Assert.Null(await store.FindJobAsync("job-2", Ct));
        Assert.Equal("job-1", (await store.FindTaskAsync("job-1.0", Ct))!.JobId);
    }

    [Fact]
    public async Task Lists_jobs_newest_first_by_status_and_page()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-a", createdMs: 3_000);
        await SeedJobAsync(store, "job-b", createdMs: 1_000);
        await SeedJobAsync(store, "job-c", createdMs: 3_000);
        await SeedJobAsync(store, "job-d", createdMs: 2_000);
        Assert.True(await store.FinishJobAsync("job-d", JobStatus.Failed, null, 4_000, "gave up", Ct));

        Assert.Equal(["job-c", "job-a", "job-d", "job-b"], (await store.ListJobsAsync(null, 0, 10, Ct)).Select(j => j.JobId));
        Assert.Equal(["job-a", "job-d"], (await store.ListJobsAsync(null, 1, 2, Ct)).Select(j => j.JobId));
        Assert.Equal(["job-c", "job-a", "job-b"], (await store.ListJobsAsync(JobStatus.Running, 0, 10, Ct)).Select(j => j.JobId));
        Assert.Equal(["job-d"], (await store.ListJobsAsync(JobStatus.Failed, 0, 10, Ct)).Select(j => j.JobId));
        Assert.Empty(await store.ListJobsAsync(JobStatus.Completed, 0, 10, Ct));
        Assert.Empty(await store.ListJobsAsync(null, 4, 10, Ct));
        Assert.Empty(await store.ListJobsAsync(null, 0, 0, Ct));
    }

    [Fact]
    public async Task Finishes_a_running_job_once()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1");

        Assert.True(await store.FinishJobAsync("job-1", JobStatus.Completed, "{\"found\":7}", 9_000, "merged", Ct));
        Assert.False(await store.FinishJobAsync("job-1", JobStatus.Completed, "{\"found\":8}", 9_500, "again", Ct));
        Assert.False(await store.FinishJobAsync("job-1", JobStatus.Failed, null, 9_600, "too late", Ct));
        Assert.False(await store.FinishJobAsync("job-missing", JobStatus.Failed, null, 9_600, "none", Ct));

        Assert.Equal(Job("job-1") with { Status = JobStatus.Completed, ResultJson = "{\"found\":7}", FinishedMs = 9_000, Detail = "merged" },
            await store.FindJobAsync("job-1", Ct));
    }

    [Fact]
    public async Task Replicas_racing_to_finish_a_job_finish_it_once()
    {
        var stores = new[] { await OpenAsync(), await OpenAsync() };
        for (var round = 0; round < 5; round++)
        {
            await SeedJobAsync(stores[0], $"job-{round}");
            var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
                stores[i % 2].FinishJobAsync($"job-{round}", JobStatus.Completed, $"{{\"by\":{i}}}", 9_000 + i, $"by {i}", Ct)));

            Assert.Single(results, r => r);
            var winner = Array.IndexOf(results, true);
            Assert.Equal(9_000 + winner, (await stores[1].FindJobAsync($"job-{round}", Ct))!.FinishedMs);
        }
    }

    [Fact]
    public async Task Reads_open_tasks_of_running_jobs_oldest_job_first_then_by_index()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-new", 2, createdMs: 5_000);
        await SeedJobAsync(store, "job-old", 3, createdMs: 1_000);
        await SeedJobAsync(store, "job-done", 2, createdMs: 500);
        Assert.True(await store.FinishJobAsync("job-done", JobStatus.Failed, null, 6_000, "", Ct));
        Assert.True(await store.FinishTaskAsync("job-old.1", WorkTaskStatus.Verified, [1], 6_000, Ct));

        Assert.Equal(["job-old.0", "job-old.2", "job-new.0", "job-new.1"], (await store.ReadOpenTasksAsync(10, Ct)).Select(t => t.TaskId));
        Assert.Equal(["job-old.0", "job-old.2"], (await store.ReadOpenTasksAsync(2, Ct)).Select(t => t.TaskId));
        Assert.Empty(await store.ReadOpenTasksAsync(0, Ct));
    }

    [Fact]
    public async Task Reads_the_open_tasks_after_a_given_task_in_the_same_order_whether_or_not_that_task_is_still_open()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-new", 2, createdMs: 5_000);
        await SeedJobAsync(store, "job-old", 3, createdMs: 1_000);
        await SeedJobAsync(store, "job-mid", 1, createdMs: 1_000); // same time as job-old: the job id breaks the tie
        Assert.True(await store.FinishTaskAsync("job-old.1", WorkTaskStatus.Verified, [1], 6_000, Ct));

        Assert.Equal(["job-mid.0", "job-old.0", "job-old.2", "job-new.0", "job-new.1"], (await store.ReadOpenTasksAsync(10, Ct)).Select(t => t.TaskId));
        Assert.Equal(["job-old.2", "job-new.0"], (await store.ReadOpenTasksAfterAsync("job-old", 0, 2, Ct)).Select(t => t.TaskId));
        Assert.Equal(["job-old.2", "job-new.0", "job-new.1"], (await store.ReadOpenTasksAfterAsync("job-old", 1, 10, Ct)).Select(t => t.TaskId)); // job-old.1 is verified
        Assert.Equal(["job-old.0", "job-old.2", "job-new.0", "job-new.1"], (await store.ReadOpenTasksAfterAsync("job-mid", 0, 10, Ct)).Select(t => t.TaskId));
        Assert.Empty(await store.ReadOpenTasksAfterAsync("job-new", 1, 10, Ct));
    }

    [Fact]
    public async Task Finishes_an_open_task_once()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1", 2);

        Assert.True(await store.FinishTaskAsync("job-1.0", WorkTaskStatus.Verified, [0xCA, 0xFE], 7_000, Ct));
        Assert.False(await store.FinishTaskAsync("job-1.0", WorkTaskStatus.Failed, null, 7_500, Ct));
        Assert.True(await store.FinishTaskAsync("job-1.1", WorkTaskStatus.Failed, null, 7_600, Ct));
        Assert.False(await store.FinishTaskAsync("job-1.9", WorkTaskStatus.Failed, null, 7_600, Ct));

        var tasks = await store.ReadTasksAsync("job-1", Ct);
        Assert.Equal(Key(TaskOf("job-1", 0) with { Status = WorkTaskStatus.Verified, Output = [0xCA, 0xFE], VerifiedMs = 7_000 }), Key(tasks[0]));
        Assert.Equal(Key(TaskOf("job-1", 1) with { Status = WorkTaskStatus.Failed, VerifiedMs = 7_600 }), Key(tasks[1]));
    }

    [Fact]
    public async Task Reopening_keeps_everything()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1", 2);
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.0", 0, "dev-a"), Ct));
        Assert.True(await store.InsertResultAsync(Result("job-1.0", 0, "dev-a"), Ct));
        Assert.True(await store.JudgeAsync([Valid("job-1.0", 0, "dev-a")], new TaskCompletion("job-1.0", WorkTaskStatus.Verified, [9], 3_000), Ct));
        await store.SaveReputationAsync(new NodeReputationRecord("dev-a", 1.5, 0.25, 3_000, 4, true), Ct);
        var stats = await store.ReadStatsAsync(Ct);
        await CloseAsync(store);

        var reopened = await OpenAsync();

        Assert.Equal(Job("job-1"), await reopened.FindJobAsync("job-1", Ct));
        Assert.Equal(2, (await reopened.ReadTasksAsync("job-1", Ct)).Count);
        Assert.Equal(Key(Assignment("job-1.0", 0, "dev-a")), Key((await reopened.FindAssignmentAsync("job-1.0", 0, "dev-a", Ct))!));
        Assert.Equal(ResultVerdict.Valid, Assert.Single(await reopened.ReadResultsAsync("job-1.0", Ct)).Verdict);
        Assert.Single(await reopened.ReadWorkCreditsAsync(0, long.MaxValue, Ct));
        Assert.Equal(new NodeReputationRecord("dev-a", 1.5, 0.25, 3_000, 4, true), Assert.Single(await reopened.ReadReputationsAsync(Ct)));
        Assert.Equal(stats, await reopened.ReadStatsAsync(Ct));
    }

    [Fact]
    public async Task Bad_arguments_throw_argument_exceptions_before_any_sql()
    {
        var store = await OpenAsync();
        var calls = new Func<Task>[]
        {
            () => store.InsertJobAsync(null!, [], Ct),
            () => store.InsertJobAsync(Job(""), [], Ct),
            () => store.InsertJobAsync(Job("job-1"), null!, Ct),
            () => store.InsertJobAsync(Job("job-1"), [TaskOf("job-2", 0)], Ct),
            () => store.InsertJobAsync(Job("job-1"), [TaskOf("job-1", 0), TaskOf("job-1", 0)], Ct),
            () => store.InsertJobAsync(Job("job-1") with { Status = (JobStatus)9 }, [], Ct),
            () => store.FindJobAsync(null!, Ct),
            () => store.FindJobAsync("", Ct),
            () => store.ListJobsAsync(null, -1, 10, Ct),
            () => store.ListJobsAsync(null, 0, -1, Ct),
            () => store.FinishJobAsync("", JobStatus.Completed, null, 1, "", Ct),
            () => store.FinishJobAsync("job-1", JobStatus.Running, null, 1, "", Ct),
            () => store.FinishJobAsync("job-1", JobStatus.Failed, null, 1, null!, Ct),
            () => store.ReadTasksAsync("", Ct),
            () => store.FindTaskAsync(null!, Ct),
            () => store.ReadOpenTasksAsync(-1, Ct),
            () => store.ReadOpenTasksAfterAsync("", 0, 10, Ct),
            () => store.ReadOpenTasksAfterAsync("job-1", 0, -1, Ct),
            () => store.FinishTaskAsync("", WorkTaskStatus.Failed, null, 1, Ct),
            () => store.FinishTaskAsync("job-1.0", WorkTaskStatus.Open, null, 1, Ct),
            () => store.InsertAssignmentAsync(null!, Ct),
            () => store.InsertAssignmentAsync(Assignment("", 0, "dev-a"), Ct),
            () => store.InsertAssignmentAsync(Assignment("job-1.0", 0, ""), Ct),
            () => store.FindAssignmentAsync("job-1.0", 0, "", Ct),
            () => store.ReadAssignmentsAsync("", Ct),
            () => store.ReadOverdueAsync(1, -1, Ct),
            () => store.SetAssignmentStateAsync("", 0, "dev-a", AssignmentState.Issued, AssignmentState.Answered, Ct),
            () => store.SetAssignmentStateAsync("job-1.0", 0, "dev-a", AssignmentState.Issued, (AssignmentState)0, Ct),
            () => store.InsertResultAsync(null!, Ct),
            () => store.InsertResultAsync(Result("job-1.0", 0, ""), Ct),
            () => store.ReadResultsAsync("", Ct),
            () => store.JudgeAsync(null!, null, Ct),
            () => store.JudgeAsync([Verdict("job-1.0", 0, "dev-a", ResultVerdict.Pending)], null, Ct),
            () => store.JudgeAsync([Valid("job-1.0", 0, "dev-a"), Valid("job-1.1", 0, "dev-b")], null, Ct),
            () => store.JudgeAsync([Valid("job-1.1", 0, "dev-a")], new TaskCompletion("job-1.0", WorkTaskStatus.Verified, [1], 1), Ct),
            () => store.JudgeAsync([], new TaskCompletion("job-1.0", WorkTaskStatus.Open, null, 1), Ct),
            () => store.SaveReputationAsync(new NodeReputationRecord("", 1, 1, 0, 0, false), Ct),
            () => store.SaveReputationAsync(new NodeReputationRecord("dev-a", double.NaN, 1, 0, 0, false), Ct),
        };

        for (var i = 0; i < calls.Length; i++)
        {
            var error = await Record.ExceptionAsync(calls[i]);
            Assert.True(error is ArgumentException, $"call {i}: {error?.GetType().Name ?? "no exception"} {error?.Message}");
        }

        Assert.Empty(await store.ListJobsAsync(null, 0, 10, Ct));
    }
}
