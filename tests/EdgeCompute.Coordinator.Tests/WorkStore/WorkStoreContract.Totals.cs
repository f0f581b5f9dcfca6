using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;
using static EdgeCompute.Coordinator.Tests.WorkStore.WorkFixtures;

namespace EdgeCompute.Coordinator.Tests.WorkStore;

/// <summary>What epochs read (credits, completed jobs), totals and reputations.</summary>
public abstract partial class WorkStoreContract
{
    [Fact]
    public async Task Reads_valid_credits_of_a_window_in_verified_task_slot_order()
    {
        var store = await OpenAsync();
        var tasks = await SeedJobAsync(store, "job-1", 3);
        foreach (var task in tasks)
        {
            for (var slot = 0u; slot < 2; slot++) Assert.True(await store.InsertResultAsync(Result(task.TaskId, slot, $"dev-{task.Index}{slot}"), Ct));
        }

        Assert.True(await store.JudgeAsync([Valid("job-1.2", 1, "dev-21", 2_000, 7), Valid("job-1.2", 0, "dev-20", 2_000, 8)], null, Ct));
        Assert.True(await store.JudgeAsync([Valid("job-1.1", 0, "dev-10", 2_000, 9), Verdict("job-1.1", 1, "dev-11", ResultVerdict.Invalid, 2_000)], null, Ct));
        Assert.True(await store.JudgeAsync([Valid("job-1.0", 0, "dev-00", 1_000, 10), Valid("job-1.0", 1, "dev-01", 3_000, 11)], null, Ct));

        Assert.Equal(
            [
                new WorkCreditRecord("job-1.1", 0, "dev-10", "owner-dev-10", 9, 2_000),
                new WorkCreditRecord("job-1.2", 0, "dev-20", "owner-dev-20", 8, 2_000),
                new WorkCreditRecord("job-1.2", 1, "dev-21", "owner-dev-21", 7, 2_000),
            ],
            await store.ReadWorkCreditsAsync(1_001, 3_000, Ct));
        Assert.Equal(5, (await store.ReadWorkCreditsAsync(1_000, 3_001, Ct)).Count);
        Assert.Empty(await store.ReadWorkCreditsAsync(3_001, 9_000, Ct));
    }

    [Fact]
    public async Task Reads_jobs_ended_in_a_window_in_the_order_they_ended()
    {
        var store = await OpenAsync();
        foreach (var (id, finished, status) in new[] { ("job-a", 3_000L, JobStatus.Completed), ("job-b", 2_000L, JobStatus.Completed), ("job-c", 2_500L, JobStatus.Failed), ("job-d", 4_000L, JobStatus.Completed) })
        {
            await SeedJobAsync(store, id);
            Assert.True(await store.FinishJobAsync(id, status, status == JobStatus.Completed ? "{}" : null, finished, "", Ct));
        }

        await SeedJobAsync(store, "job-e");

        Assert.Equal(["job-b", "job-c", "job-a"], (await store.ReadEndedJobsAsync(2_000, 4_000, Ct)).Select(j => j.JobId));
        Assert.Equal(Job("job-d") with { Status = JobStatus.Completed, ResultJson = "{}", FinishedMs = 4_000, Detail = "" }, Assert.Single(await store.ReadEndedJobsAsync(3_001, 10_000, Ct)));
    }

    [Fact]
    public async Task Counts_totals_from_the_tables()
    {
        var store = await OpenAsync();
        Assert.Equal(new WorkStats(0, 0, 0, 0, 0, 0, 0, 0, 0), await store.ReadStatsAsync(Ct));
        await SeedJobAsync(store, "job-1", 3);
        await SeedJobAsync(store, "job-2");
        await SeedJobAsync(store, "job-3");
        await SeedJobAsync(store, "job-4");
        Assert.True(await store.FinishJobAsync("job-2", JobStatus.Completed, "{}", 5_000, "", Ct));
        Assert.True(await store.FinishJobAsync("job-3", JobStatus.Failed, null, 5_000, "", Ct));
        foreach (var (slot, node) in new[] { (0u, "dev-a"), (1u, "dev-b"), (2u, "dev-c") }) Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.0", slot, node), Ct));
        Assert.True(await store.InsertAssignmentAsync(Assignment("job-1.1", 0, "dev-a"), Ct));
        Assert.True(await store.SetAssignmentStateAsync("job-1.0", 2, "dev-c", AssignmentState.Issued, AssignmentState.Withdrawn, Ct));
        foreach (var (slot, node) in new[] { (0u, "dev-a"), (1u, "dev-b"), (2u, "dev-c") }) Assert.True(await store.InsertResultAsync(Result("job-1.0", slot, node), Ct));
        Assert.True(await store.JudgeAsync([Valid("job-1.0", 0, "dev-a"), Verdict("job-1.0", 1, "dev-b", ResultVerdict.Invalid), Verdict("job-1.0", 2, "dev-c", ResultVerdict.NotPaid)],
            new TaskCompletion("job-1.0", WorkTaskStatus.Verified, [1], 3_000), Ct));
        Assert.True(await store.FinishTaskAsync("job-1.2", WorkTaskStatus.Verified, [2], 3_000, Ct));
        Assert.True(await store.FinishTaskAsync("job-1.1", WorkTaskStatus.Failed, null, 3_000, Ct));

        Assert.Equal(new WorkStats(JobsRunning: 2, JobsCompleted: 1, JobsFailed: 1, TasksIssued: 4, TasksVerified: 2, ResultsRejected: 1, TasksReissued: 1, ResultsNotPaid: 1,
            ResultsOfVerifiedTasks: 3),
            await store.ReadStatsAsync(Ct));
        var counts = await store.ReadNodeVerdictCountsAsync(Ct);
        Assert.Equal([new NodeVerdictCounts("dev-a", 1, 0), new NodeVerdictCounts("dev-b", 0, 1), new NodeVerdictCounts("dev-c", 0, 0)], counts); // not paid: neither
        Assert.Equal([counts[0], counts[2]], await store.ReadNodeVerdictCountsAsync(["dev-c", "dev-a", "nobody", "dev-a"], Ct)); // a page's nodes only, each once
    }

    [Fact]
    public async Task Stores_reputations_insert_or_replace_with_exact_doubles()
    {
        var store = await OpenAsync();
        var first = new NodeReputationRecord("dev-a", 1.0 / 3.0, Math.PI * 1e-300, 1_000, 0, false);
        var other = new NodeReputationRecord("dev-b", double.MaxValue, double.Epsilon, 2_000, int.MaxValue, true);
        await store.SaveReputationAsync(first, Ct);
        await store.SaveReputationAsync(other, Ct);
        var replaced = first with { Alpha = 0.1 + 0.2, Beta = -0.0, UpdatedMs = 9_000, ValidRun = 12, Trusted = true };

        await store.SaveReputationAsync(replaced, Ct);

        var stored = (await store.ReadReputationsAsync(Ct)).OrderBy(r => r.NodeId, StringComparer.Ordinal).ToList();
        Assert.Equal([replaced, other], stored);
        Assert.Equal(BitConverter.DoubleToInt64Bits(0.1 + 0.2), BitConverter.DoubleToInt64Bits(stored[0].Alpha));
    }
}
