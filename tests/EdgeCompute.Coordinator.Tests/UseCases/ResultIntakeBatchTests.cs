using System.Reflection;
using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.MonteCarloPi;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;
using EdgeCompute.Tests;

namespace EdgeCompute.Coordinator.Tests.UseCases;

/// <summary>Results handed over a batch at a time (<see cref="WorkUseCases.AcceptManyAsync"/>, what batch ingest calls).</summary>
public sealed class ResultIntakeBatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_result_authenticated_before_the_commit_but_withdrawn_before_the_hand_over_is_recorded_and_not_paid()
    {
        var seed = TestSeed.Pick(4317);
        await using var world = await WorkWorld.CreateAsync(seed);
        await world.FundAsync(world.Owner(0), 10_000);
        var spec = new MonteCarloPiJobSpec(50_000, 50_000, 7) { Verification = new JobVerificationPolicy(VerificationMethod.Quorum, Quorum: 1, Replicas: 1) };
        await world.SubmitAsync(spec, world.Owner(0));
        await world.UseCases.Issue.PumpAsync(Ct);
        Assert.True(world.Published.Tasks.TryDequeue(out var task));
        var (frame, result) = world.Run(task);
        List<ReceivedResult> batch = [new(frame, result, task.GatewayId)];

        // The ingestor authenticates before its commit (reading the assignment as issued); the slot is withdrawn before the hand-over.
        Assert.Equal([true], await world.UseCases.Results.AuthenticateAsync(batch, Ct));
        world.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, (await world.UseCases.Issue.PumpAsync(Ct)).Withdrawn);
        await world.UseCases.Results.AcceptManyAsync(batch, Ct);

        var stored = Assert.Single(await world.Store.ReadResultsAsync(result.TaskId, Ct), r => r.NodeId == frame.DeviceId);
        Assert.True((stored.Verdict, stored.Reason) == (ResultVerdict.NotPaid, nameof(VerificationReasonCode.LateAfterReissue)), $"seed {seed}: {stored.Verdict} {stored.Reason}");
        Assert.Equal(0, world.UseCases.Counters[WorkCounter.ResultValid]);
    }

    [Fact]
    public async Task A_quorum_job_answered_a_batch_at_a_time_completes_and_outvotes_its_cheater()
    {
        var seed = TestSeed.Pick(4301);
        await using var world = await WorkWorld.CreateAsync(seed);
        await world.FundAsync(world.Owner(0), 10_000);
        var cheater = world.Fleet.Coordinator.Devices[2].Id;
        world.Cheaters.Add(cheater);
        var spec = new MonteCarloPiJobSpec(400_000, 50_000, 7) { Verification = new JobVerificationPolicy(VerificationMethod.Quorum, Quorum: 2, Replicas: 3) };
        var jobId = await world.SubmitAsync(spec, world.Owner(0));

        for (var round = 0; round < 50 && (await world.Store.FindJobAsync(jobId, Ct))!.Status == JobStatus.Running; round++)
        {
            await world.UseCases.Issue.PumpAsync(Ct);
            var batch = new List<ReceivedResult>();
            while (world.Published.Tasks.TryDequeue(out var task))
            {
                var (frame, result) = world.Run(task);
                batch.Add(new ReceivedResult(frame, result, task.GatewayId));
            }

            await world.UseCases.Results.AcceptManyAsync(batch, Ct);
            world.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var job = await world.Store.FindJobAsync(jobId, Ct);
        Assert.True(job!.Status == JobStatus.Completed, $"seed {seed}: {job.Status} ({job.Detail})");
        var pi = Assert.IsType<MonteCarloPiJobResult>(JobJson.DeserializeResult(job.ResultJson).Value);
        Assert.InRange(pi.Estimate, Math.PI - pi.ErrorBound, Math.PI + pi.ErrorBound);
        var results = new List<ResultRecord>();
        foreach (var task in await world.Store.ReadTasksAsync(jobId, Ct))
        {
            Assert.Equal(WorkTaskStatus.Verified, task.Status);
            var taskResults = await world.Store.ReadResultsAsync(task.TaskId, Ct);
            Assert.All(taskResults.Where(r => r.Verdict == ResultVerdict.Valid).GroupBy(r => r.Slot), slot => Assert.Single(slot));
            results.AddRange(taskResults);
        }

        Assert.Contains(results, r => r.NodeId == cheater && r.Verdict == ResultVerdict.Invalid);
        Assert.DoesNotContain(results, r => r.NodeId == cheater && r.Verdict == ResultVerdict.Valid);
        var counters = world.UseCases.Counters;
        Assert.Equal(results.Count, counters[WorkCounter.ResultValid] + counters[WorkCounter.ResultInvalid] + counters[WorkCounter.ResultLate]
            + results.Count(r => r.Verdict == ResultVerdict.Pending));
        Assert.Equal(8, counters[WorkCounter.TaskVerified]);
        Assert.True(world.UseCases.Standings.Reputation(cheater).Mean < world.UseCases.Standings.Reputation(results.First(r => r.NodeId != cheater).NodeId).Mean, $"seed {seed}");
    }

    [Fact]
    public async Task A_batch_counts_its_replay_its_unissued_result_and_its_forged_mac_and_records_the_good_result_once()
    {
        var seed = TestSeed.Pick(4302);
        await using var world = await WorkWorld.CreateAsync(seed);
        await world.FundAsync(world.Owner(0), 10_000);
        var spec = new MonteCarloPiJobSpec(20_000, 10_000, 3) { Verification = new JobVerificationPolicy(VerificationMethod.SampledReExecution, SamplingRate: 0) };
        var jobId = await world.SubmitAsync(spec, world.Owner(0));
        await world.UseCases.Issue.PumpAsync(Ct);
        var tasks = world.Published.Tasks.ToArray();
        Assert.Equal(2, tasks.Length);
        var (frame, result) = world.Run(tasks[0]);
        var (otherFrame, otherResult) = world.Run(tasks[1]);
        var unissued = result with { TaskId = jobId + "-9" };
        var forged = otherFrame with { Mac = new byte[otherFrame.Mac.Length] };

        await world.UseCases.Results.AcceptManyAsync(
            [
                new(frame, result, tasks[0].GatewayId),
                new(frame, result, tasks[0].GatewayId), // the same result twice in one batch
                new(frame, unissued, tasks[0].GatewayId),
                new(forged, otherResult, tasks[1].GatewayId),
            ], Ct);

        Assert.Equal(1, world.UseCases.Counters[WorkCounter.ResultReplayed]);
        Assert.Equal(1, world.UseCases.Counters[WorkCounter.ResultNotIssued]);
        Assert.Equal(1, world.UseCases.Counters[WorkCounter.ResultBadMac]);
        Assert.Equal(1, world.UseCases.Counters[WorkCounter.ResultValid]);
        Assert.Single(await world.Store.ReadResultsAsync(result.TaskId, Ct));
        Assert.Empty(await world.Store.ReadResultsAsync(otherResult.TaskId, Ct));

        // The whole batch again (the gateway resent it): nothing new is recorded or paid.
        await world.UseCases.Results.AcceptManyAsync([new(frame, result, tasks[0].GatewayId), new(otherFrame, otherResult, tasks[1].GatewayId)], Ct);
        Assert.Equal(2, world.UseCases.Counters[WorkCounter.ResultReplayed]);
        Assert.Equal(2, world.UseCases.Counters[WorkCounter.ResultValid]);
        Assert.Equal(JobStatus.Completed, (await world.Store.FindJobAsync(jobId, Ct))!.Status);
    }

    [Fact]
    public async Task A_batch_read_before_the_lock_takes_what_this_process_wrote_since_and_pays_each_slot_once()
    {
        var seed = TestSeed.Pick(4318);
        await using var world = await WorkWorld.CreateAsync(seed);
        await world.FundAsync(world.Owner(0), 10_000);
        var spec = new MonteCarloPiJobSpec(40_000, 10_000, 5) { Verification = new JobVerificationPolicy(VerificationMethod.Quorum, Quorum: 2, Replicas: 2) };
        var jobId = await world.SubmitAsync(spec, world.Owner(0));
        await world.UseCases.Issue.PumpAsync(Ct);
        var byTask = world.Published.Tasks.Select(t => (Task: t, Answer: world.Run(t))).Select(a => new ReceivedResult(a.Answer.Frame, a.Answer.Result, a.Task.GatewayId))
            .GroupBy(r => r.Result.TaskId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        Assert.Equal(4, byTask.Count);
        Assert.All(byTask, replicas => Assert.Equal(2, replicas.Count));

        // Three batches are read for their MAC checks first: gateway A's (each task's first replica), gateway B's (the
        // second replicas of two tasks) and B's first batch again (resent). Then they are handed over in turn.
        List<ReceivedResult> batchA = [.. byTask.Select(r => r[0])];
        List<ReceivedResult> batchB = [byTask[0][1], byTask[1][1]];
        List<ReceivedResult> resent = [byTask[0][1]];
        foreach (var batch in new[] { batchA, batchB, resent })
        {
            Assert.All(await world.UseCases.Results.AuthenticateAsync(batch, Ct), Assert.True);
        }

        await world.UseCases.Results.AcceptManyAsync(batchB, Ct);
        Assert.Equal(0, world.UseCases.Counters[WorkCounter.ResultBatchTaskFromOwnWrite] + world.UseCases.Counters[WorkCounter.ResultBatchTaskReRead]);

        // A read tasks 0 and 1 before B recorded their second replicas: it takes them as B's write left them.
        await world.UseCases.Results.AcceptManyAsync(batchA, Ct);
        Assert.Equal(2, world.UseCases.Counters[WorkCounter.ResultBatchTaskFromOwnWrite]);
        Assert.Equal(0, world.UseCases.Counters[WorkCounter.ResultBatchTaskReRead]);
        Assert.Equal(2, world.UseCases.Counters[WorkCounter.TaskVerified]);

        // The resend read task 0 before A's judging wrote it (a write whose state is not kept): task 0 is read again.
        await world.UseCases.Results.AcceptManyAsync(resent, Ct);
        Assert.Equal(1, world.UseCases.Counters[WorkCounter.ResultBatchTaskReRead]);
        Assert.Equal(1, world.UseCases.Counters[WorkCounter.ResultReplayed]);
        Assert.Equal(0, world.UseCases.Counters[WorkCounter.ResultBatchFellBack]);

        await world.UseCases.Results.AcceptManyAsync([byTask[2][1], byTask[3][1]], Ct);
        Assert.Equal(JobStatus.Completed, (await world.Store.FindJobAsync(jobId, Ct))!.Status);
        Assert.Equal(8, world.UseCases.Counters[WorkCounter.ResultValid]);
        Assert.Equal(4, world.UseCases.Counters[WorkCounter.TaskVerified]);
        foreach (var task in await world.Store.ReadTasksAsync(jobId, Ct))
        {
            var results = await world.Store.ReadResultsAsync(task.TaskId, Ct);
            Assert.Equal(2, results.Count);
            Assert.All(results, r => Assert.Equal(ResultVerdict.Valid, r.Verdict));
        }
    }

    [Fact]
    public async Task When_another_replica_records_one_of_the_results_first_the_batch_falls_back_and_each_result_counts_once()
    {
        var seed = TestSeed.Pick(4303);
        await using var world = await WorkWorld.CreateAsync(seed);
        await world.FundAsync(world.Owner(0), 10_000);
        var spec = new MonteCarloPiJobSpec(40_000, 10_000, 5) { Verification = new JobVerificationPolicy(VerificationMethod.Quorum, Quorum: 2, Replicas: 2) };
        var jobId = await world.SubmitAsync(spec, world.Owner(0));
        await world.UseCases.Issue.PumpAsync(Ct);
        var answers = world.Published.Tasks.Select(t => (Task: t, Answer: world.Run(t))).ToList();
        Assert.Equal(8, answers.Count);

        // Replica B shares the store. Replica A's store lets B record the first answer just before A's batch write.
        var policy = new EpochPolicy { Genesis = DateTimeOffset.FromUnixTimeMilliseconds(WorkWorld.T0), EpochLength = TimeSpan.FromHours(1) };
        await using var replicaB = new WorkUseCases(world.Store, world.Ledger, world.Registry, world.Nodes, new RecordingPublisher(), new EpochClock(policy, world.Clock),
            new WorkOptions { Seed = seed }, world.Clock);
        await replicaB.InitializeAsync(Ct);
        var first = answers[0];
        var racing = RacingStore.Wrap(world.Store, () => replicaB.Results.AcceptAsync(first.Answer.Frame, first.Answer.Result, first.Task.GatewayId, Ct));
        await using var replicaA = new WorkUseCases(racing, world.Ledger, world.Registry, world.Nodes, new RecordingPublisher(), new EpochClock(policy, world.Clock),
            new WorkOptions { Seed = seed }, world.Clock);
        await replicaA.InitializeAsync(Ct);

        await replicaA.Results.AcceptManyAsync([.. answers.Select(a => new ReceivedResult(a.Answer.Frame, a.Answer.Result, a.Task.GatewayId))], Ct);

        Assert.Equal(1, replicaA.Counters[WorkCounter.ResultReplayed]); // B's result, seen by A's one-by-one fallback
        Assert.Equal(1, replicaA.Counters[WorkCounter.ResultBatchFellBack]);
        var job = await world.Store.FindJobAsync(jobId, Ct);
        Assert.Equal(JobStatus.Completed, job!.Status);
        foreach (var task in await world.Store.ReadTasksAsync(jobId, Ct))
        {
            var taskResults = await world.Store.ReadResultsAsync(task.TaskId, Ct);
            Assert.Equal(2, taskResults.Count);
            Assert.All(taskResults, r => Assert.Equal(ResultVerdict.Valid, r.Verdict));
        }

        Assert.Equal(8, replicaA.Counters[WorkCounter.ResultValid] + replicaB.Counters[WorkCounter.ResultValid]);
        Assert.Equal(4, replicaA.Counters[WorkCounter.TaskVerified] + replicaB.Counters[WorkCounter.TaskVerified]);
    }

    /// <summary>A work store that runs a hook (another replica's write) just before the first batch record of results.</summary>
    public class RacingStore : DispatchProxy
    {
        private IWorkStore _inner = null!;
        private Func<Task>? _before;

        public static IWorkStore Wrap(IWorkStore inner, Func<Task> before)
        {
            var proxy = Create<IWorkStore, RacingStore>();
            var racing = (RacingStore)(object)proxy;
            racing._inner = inner;
            racing._before = before;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == nameof(IWorkStore.RecordResultsAsync) && _before is { } before)
            {
                _before = null;
                return RecordAfterAsync(before, (IReadOnlyList<ResultRecord>)args![0]!, (IReadOnlyList<AssignmentKey>)args[1]!, (CancellationToken)args[2]!);
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }

        private async Task<IReadOnlyDictionary<string, TaskFingerprint>?> RecordAfterAsync(Func<Task> before, IReadOnlyList<ResultRecord> results,
            IReadOnlyList<AssignmentKey> answered, CancellationToken cancellationToken)
        {
            await before();
            return await _inner.RecordResultsAsync(results, answered, cancellationToken);
        }
    }
}
