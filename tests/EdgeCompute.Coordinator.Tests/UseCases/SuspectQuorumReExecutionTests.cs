using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Reexecution;
using EdgeCompute.Coordinator.UseCases;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Wasm.Host.Running;
using EdgeCompute.Tests;

namespace EdgeCompute.Coordinator.Tests.UseCases;

/// <summary>
/// A WebAssembly quorum won with a suspect gateway among the winners is not paid on the vote: it waits for the
/// coordinator's own run of the task (at the next pass, outside the lock) and every replica is judged against that.
/// </summary>
public sealed class SuspectQuorumReExecutionTests
{
    private const ulong Fuel = 100_000;
    private const ulong Memory = 1 << 16;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A one-task wasm-map job (2-of-2 by default) issued to two gateways, the first of them made suspect.</summary>
    private static async Task<(WorkWorld World, string JobId, string TaskId, CoordinatorTask[] Issued)> StartAsync(int seed)
    {
        var world = await WorkWorld.CreateAsync(TestSeed.Pick(seed));
        var owner = world.Owner(0);
        await world.FundAsync(owner, 1_000_000);
        var jobId = await world.SubmitAsync(new WasmMapJobSpec(WasmModules.Valid, [[1]], Fuel, Memory), owner, 1_000_000);
        await world.UseCases.Issue.PumpAsync(Ct);
        var issued = world.Published.All.Where(t => t.Target.Length == 0).ToArray();
        Assert.Equal(2, issued.Length);
        var taskId = TaskAssignmentCodec.Decode(issued[0].Assignment).Value!.TaskId;

        // Caught returning a wrong answer before (one invalid outcome weighs 5): suspect for about a week.
        await world.UseCases.Standings.RecordAsync([VerificationOutcome.Invalid(new ResultKey("earlier-task", 0, issued[0].GatewayId), VerificationReasonCode.ReExecutionMismatch)], Ct);
        Assert.True(world.UseCases.Standings.IsSuspect(issued[0].GatewayId));
        Assert.False(world.UseCases.Standings.IsSuspect(issued[1].GatewayId));
        return (world, jobId, taskId, issued);
    }

    private static Task AnswerAsync(WorkWorld world, CoordinatorTask task, ulong fuel, byte[] output)
    {
        var assignment = TaskAssignmentCodec.Decode(task.Assignment).Value!;
        return world.UseCases.Results.AcceptGatewayResultAsync(new GatewayTaskResultItem(assignment.TaskId, assignment.Slot, GatewayTaskStatus.Ok, fuel, output), task.GatewayId, Ct);
    }

    private static async Task<(string Node, ResultVerdict Verdict, string Reason)[]> VerdictsAsync(WorkWorld world, string taskId) =>
        [.. (await world.Store.ReadResultsAsync(taskId, Ct)).Select(r => (r.NodeId, r.Verdict, r.Reason)).OrderBy(r => r.NodeId, StringComparer.Ordinal)];

    [Fact]
    public async Task A_suspect_gateway_and_its_partner_agreeing_on_a_wrong_output_both_lose_to_the_coordinators_run_and_are_kept_apart()
    {
        var (world, _, taskId, issued) = await StartAsync(5101);
        await using var _ = world;
        var (run, _) = WasmReexecutor.Shared.Run(WasmModules.Valid, [1], Fuel, Memory, Ct);
        Assert.Equal(RunOutcome.Ok, run!.Outcome);
        byte[] wrong = [.. run.Output.ToArray().Select(b => (byte)(b ^ 0x5A)), 7];

        await AnswerAsync(world, issued[0], run.Fuel, wrong);
        await AnswerAsync(world, issued[1], run.Fuel, wrong);

        // The vote is 2 of 2, but a suspect won it: held, nothing paid yet.
        Assert.All(await VerdictsAsync(world, taskId), v => Assert.Equal(ResultVerdict.Pending, v.Verdict));
        Assert.Equal(1, world.UseCases.Counters[WorkCounter.SuspectQuorumHeld]);

        await world.UseCases.Issue.PumpAsync(Ct);

        var nodes = issued.Select(t => t.GatewayId).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            nodes.Select(n => (n, ResultVerdict.Invalid, nameof(VerificationReasonCode.ReExecutionMismatch))).ToArray(),
            await VerdictsAsync(world, taskId));
        Assert.Equal(1, world.UseCases.Counters[WorkCounter.SuspectQuorumReExecuted]);
        Assert.Equal(WorkTaskStatus.Open, (await world.Store.FindTaskAsync(taskId, Ct))!.Status); // reissued to others
        var pair = Assert.Single(await world.Store.ReadColludingPairsAsync(Ct));
        Assert.Equal((nodes[0], nodes[1]), (pair.FirstNode, pair.SecondNode));
        Assert.True(world.UseCases.Standings.KeptApart(nodes[0], nodes[1]));
    }

    [Fact]
    public async Task A_suspect_gateway_that_answers_right_is_paid_once_the_coordinators_run_matches()
    {
        var (world, jobId, taskId, issued) = await StartAsync(5102);
        await using var _ = world;
        var (run, _) = WasmReexecutor.Shared.Run(WasmModules.Valid, [1], Fuel, Memory, Ct);

        await AnswerAsync(world, issued[0], run!.Fuel, run.Output.ToArray());
        await AnswerAsync(world, issued[1], run.Fuel, run.Output.ToArray());
        Assert.Equal(Domain.Work.JobStatus.Running, (await world.Store.FindJobAsync(jobId, Ct))!.Status);
        await world.UseCases.Issue.PumpAsync(Ct);

        Assert.Equal(
            issued.Select(t => t.GatewayId).Order(StringComparer.Ordinal).Select(n => (n, ResultVerdict.Valid, nameof(VerificationReasonCode.ReExecutionMatched))).ToArray(),
            await VerdictsAsync(world, taskId));
        Assert.Equal(WorkTaskStatus.Verified, (await world.Store.FindTaskAsync(taskId, Ct))!.Status);
        Assert.Equal(Domain.Work.JobStatus.Completed, (await world.Store.FindJobAsync(jobId, Ct))!.Status);
        Assert.Empty(await world.Store.ReadColludingPairsAsync(Ct));
    }

    [Fact]
    public async Task A_split_vote_with_a_suspect_gateway_is_not_held_and_the_task_gets_another_replica()
    {
        var (world, jobId, taskId, issued) = await StartAsync(5103);
        await using var _ = world;
        var (run, _) = WasmReexecutor.Shared.Run(WasmModules.Valid, [1], Fuel, Memory, Ct);

        // The suspect gateway disagrees with the honest one: no suspect among the winners of a vote that is not reached.
        await AnswerAsync(world, issued[1], run!.Fuel, run.Output.ToArray());
        await AnswerAsync(world, issued[0], run.Fuel, [1, 2, 3]);

        Assert.Equal(0, world.UseCases.Counters[WorkCounter.SuspectQuorumHeld]);
        Assert.Equal(WorkTaskStatus.Open, (await world.Store.FindTaskAsync(taskId, Ct))!.Status);
        await world.UseCases.Issue.PumpAsync(Ct);
        Assert.Equal(3, world.Published.All.Count(t => TaskAssignmentCodec.Decode(t.Assignment).Value!.TaskId == taskId));
        Assert.Equal(Domain.Work.JobStatus.Running, (await world.Store.FindJobAsync(jobId, Ct))!.Status);
    }

    [Fact]
    public async Task A_held_quorum_is_settled_after_a_restart_too()
    {
        var (world, _, taskId, issued) = await StartAsync(5104);
        await using var _ = world;
        var (run, _) = WasmReexecutor.Shared.Run(WasmModules.Valid, [1], Fuel, Memory, Ct);
        byte[] wrong = [9, 9, 9];
        await AnswerAsync(world, issued[0], run!.Fuel, wrong);
        await AnswerAsync(world, issued[1], run.Fuel, wrong);
        Assert.Equal(1, world.UseCases.Counters[WorkCounter.SuspectQuorumHeld]);

        // The process that held it stops before its next pass; a new one reads the same store.
        await using var restarted = new WorkUseCases(world.Store, world.Ledger, world.Registry, world.Nodes, new RecordingPublisher(),
            new Domain.Epochs.EpochClock(new Domain.Epochs.EpochPolicy { Genesis = DateTimeOffset.FromUnixTimeMilliseconds(WorkWorld.T0), EpochLength = TimeSpan.FromHours(1) }, world.Clock),
            new WorkOptions { Seed = 5104, Prices = WorkWorld.TestPrices }, world.Clock, blobs: world.Blobs);
        await restarted.InitializeAsync(Ct);
        await restarted.Issue.PumpAsync(Ct); // finds it answered and waiting: held
        Assert.All(await VerdictsAsync(world, taskId), v => Assert.Equal(ResultVerdict.Pending, v.Verdict));
        await restarted.Issue.PumpAsync(Ct); // re-executes and judges

        Assert.Equal((1L, 1L), (restarted.Counters[WorkCounter.SuspectQuorumHeld], restarted.Counters[WorkCounter.SuspectQuorumReExecuted]));
        Assert.All(await VerdictsAsync(world, taskId), v => Assert.Equal((ResultVerdict.Invalid, nameof(VerificationReasonCode.ReExecutionMismatch)), (v.Verdict, v.Reason)));
        Assert.Single(await world.Store.ReadColludingPairsAsync(Ct));
    }
}
