using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;
using static EdgeCompute.Coordinator.Tests.WorkStore.WorkFixtures;

namespace EdgeCompute.Coordinator.Tests.WorkStore;

/// <summary>Cancelling a job in the store, and stores written before cancelled jobs existed.</summary>
public abstract partial class WorkStoreContract
{
    /// <summary>Creates this test's work tables as a build before cancelled jobs wrote them (status checks of 1, 2, 3).</summary>
    protected abstract Task WriteLegacySchemaAsync();

    [Fact]
    public async Task Cancel_commits_the_job_and_its_open_tasks_cancelled_closes_issued_assignments_and_counts_verified_tasks()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1", 3);
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.0", 0, "dev-a", state: AssignmentState.Answered), Ct));
        Assert.True(await store.FinishTaskAsync("job-1.0", WorkTaskStatus.Verified, [1], 2_000, Ct));
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.1", 0, "dev-b"), Ct));
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.2", 0, "dev-c"), Ct));
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.2", 1, "dev-d"), Ct));

        var cancelled = await store.CancelJobAsync("job-1", 5_000, "cancelled by the operator", Ct);

        Assert.NotNull(cancelled);
        Assert.Equal((1, 3), (cancelled.VerifiedTasks, cancelled.TotalTasks));
        Assert.Equal([new AssignmentKey("job-1.1", 0, "dev-b"), new AssignmentKey("job-1.2", 0, "dev-c"), new AssignmentKey("job-1.2", 1, "dev-d")], cancelled.Closed);
        var job = (await store.FindJobAsync("job-1", Ct))!;
        Assert.Equal((JobStatus.Cancelled, 5_000L, "cancelled by the operator"), (job.Status, job.FinishedMs!.Value, job.Detail));
        Assert.Equal([WorkTaskStatus.Verified, WorkTaskStatus.Cancelled, WorkTaskStatus.Cancelled], (await store.ReadTasksAsync("job-1", Ct)).Select(t => t.Status));
        Assert.All(await store.ReadAssignmentsAsync("job-1.2", Ct), a => Assert.Equal(AssignmentState.Closed, a.State));
        Assert.Equal(AssignmentState.Answered, Assert.Single(await store.ReadAssignmentsAsync("job-1.0", Ct)).State);

        // Nothing of it can be verified afterwards, and a second cancel changes nothing.
        Assert.False(await store.FinishTaskAsync("job-1.1", WorkTaskStatus.Verified, [1], 6_000, Ct));
        Assert.Null(await store.CancelJobAsync("job-1", 7_000, "again", Ct));
        Assert.Null(await store.CancelJobAsync("job-9", 7_000, "unknown", Ct));
        Assert.Equal((1, 3), await store.CountVerifiedTasksAsync("job-1", Ct));
        Assert.Empty(await store.ReadOpenTasksAsync(10, Ct));
    }

    [Fact]
    public async Task A_finished_job_is_not_cancelled()
    {
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1", 1);
        Assert.True(await store.FinishJobAsync("job-1", JobStatus.Failed, null, 3_000, "given up", Ct));

        Assert.Null(await store.CancelJobAsync("job-1", 5_000, "too late", Ct));

        Assert.Equal(JobStatus.Failed, (await store.FindJobAsync("job-1", Ct))!.Status);
    }

    [Fact]
    public async Task A_store_written_before_cancelled_jobs_existed_takes_them_after_opening_and_keeps_its_rows()
    {
        await WriteLegacySchemaAsync();
        var store = await OpenAsync();
        await SeedJobAsync(store, "job-1", 2);

        Assert.NotNull(await store.CancelJobAsync("job-1", 5_000, "cancelled", Ct));

        Assert.Equal(JobStatus.Cancelled, (await store.FindJobAsync("job-1", Ct))!.Status);
        var second = await OpenAsync();
        Assert.Equal(JobStatus.Cancelled, (await second.FindJobAsync("job-1", Ct))!.Status);
        await SeedJobAsync(second, "job-2", 1);
        Assert.NotNull(await second.CancelJobAsync("job-2", 6_000, "cancelled", Ct));
    }

    /// <summary>The tables as an older build wrote them, for <see cref="WriteLegacySchemaAsync"/>.</summary>
    protected static string Legacy(string schema) => schema.Replace(WorkSchema.StatusCheck, WorkSchema.OldStatusCheck, StringComparison.Ordinal);
}
