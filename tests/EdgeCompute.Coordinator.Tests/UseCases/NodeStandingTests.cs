using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.MonteCarloPi;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Primes;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Pow;
using EdgeCompute.Coordinator.Domain.Scheduling;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Tests;

namespace EdgeCompute.Coordinator.Tests.UseCases;

/// <summary>
/// What the engine holds against a node: a missed deadline, a detected colluding pair, and what another replica stored
/// (read again every <see cref="WorkOptions.StandingsRefresh"/>).
/// </summary>
public sealed class NodeStandingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AMissedDeadlineRevokesTrustAndCountsAgainstTheNodesStoredReputation()
    {
        var seed = TestSeed.Pick(4701);
        await using var world = await WorkWorld.CreateAsync(seed, new WorkOptions { DeviceTaskDeadline = TimeSpan.FromSeconds(30) });
        var device = world.Fleet.Coordinator.Devices[0].Id;
        await world.Store.SaveReputationAsync(new NodeReputationRecord(device, 30, 1, WorkWorld.T0, 20, true), Ct); // a long honest run, as another replica recorded it
        world.Clock.Advance(TimeSpan.FromMinutes(1)); // the next pass reads the stored standings again
        foreach (var d in world.Fleet.Coordinator.Devices)
        {
            world.Silent.Add(d.Id);
        }

        await world.FundAsync(world.Owner(0), 10_000);
        await world.SubmitAsync(new PowJobSpec([5], 8, 0, 1_024, 1_024), world.Owner(0), fee: 3_000);
        await world.UseCases.Issue.PumpAsync(Ct);
        Assert.True(world.Published.Tasks.TryDequeue(out var task));
        var trustedBefore = world.UseCases.Standings.Trust(device).IsTrusted;
        var meanBefore = world.UseCases.Standings.Reputation(device).Mean;

        world.Clock.Advance(TimeSpan.FromSeconds(31));
        await world.UseCases.Issue.PumpAsync(Ct);

        Assert.Equal(device, task.Target); // the best-ranked node took it
        Assert.True(trustedBefore);
        Assert.Equal(1, world.UseCases.Counters[WorkCounter.AssignmentOverdue]);
        Assert.Equal(new AdaptiveTrust(0, false, 0, 1), world.UseCases.Standings.Trust(device));
        Assert.True(world.UseCases.Standings.Reputation(device).Mean < meanBefore);
        var stored = (await world.Store.ReadReputationsAsync(Ct)).Single(r => r.NodeId == device);
        Assert.Equal((2.0, 0, false), (stored.Beta, stored.ValidRun, stored.Trusted)); // the prior's 1 plus one missed deadline
        Assert.InRange(stored.Alpha, 29.9, 30);
    }

    [Fact]
    public async Task ATaskHandedBackIsNoMissedDeadline()
    {
        await using var world = await WorkWorld.CreateAsync(TestSeed.Pick(4702));
        await world.FundAsync(world.Owner(0), 10_000);
        await world.SubmitAsync(new PowJobSpec([7], 8, 0, 1_024, 1_024), world.Owner(0));
        await world.UseCases.Issue.PumpAsync(Ct);
        Assert.True(world.Published.Tasks.TryDequeue(out var task));
        var assignment = TaskAssignmentCodec.Decode(task.Assignment).Value!;

        await world.UseCases.Results.AcceptAsync(new TaskReturnedItem(assignment.TaskId, assignment.Slot, task.Target, TaskReturnReason.DeviceOffline), task.GatewayId, Ct);
        world.Clock.Advance(TimeSpan.FromMinutes(5));
        await world.UseCases.Issue.PumpAsync(Ct);

        Assert.Empty(await world.Store.ReadReputationsAsync(Ct));
        Assert.Equal(0, world.UseCases.Counters[WorkCounter.AssignmentOverdue]);
    }

    [Fact]
    public async Task TwoNodesCaughtReturningTheSameWrongResultAreStoredAsAPairAndNeverPlacedOnOneTaskAgain()
    {
        var seed = TestSeed.Pick(4703);
        await using var world = await WorkWorld.CreateAsync(seed);
        var devices = world.Fleet.Coordinator.Devices;
        string GatewayOwner(string gatewayId) => world.Fleet.Coordinator.Gateways.Single(g => g.Id == gatewayId).OwnerId;
        var (a, b) = (from x in devices
                      from y in devices
                      where string.CompareOrdinal(x.Id, y.Id) < 0 && Scheduler.AreDiverse((x.OwnerId, GatewayOwner(x.GatewayId)), (y.OwnerId, GatewayOwner(y.GatewayId)))
                      select (x, y)).First();
        foreach (var other in devices.Where(d => d.Id != a.Id && d.Id != b.Id))
        {
            world.Nodes.DeviceState(other.GatewayId, new DeviceStateItem(other.Id, false, WorkWorld.T0 + 1)); // only the two colluders are online
        }

        world.Cheaters.UnionWith([a.Id, b.Id]); // the same changed output for the same task: they agree
        await world.Store.SaveReputationAsync(new NodeReputationRecord(a.Id, 2, 6, WorkWorld.T0, 0, false), Ct); // a was caught before: suspect
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        await world.FundAsync(world.Owner(0), 100_000);
        var twoOfTwo = new MonteCarloPiJobSpec(10_000, 10_000, 3) { Verification = new JobVerificationPolicy(VerificationMethod.Quorum, Quorum: 2, Replicas: 2) };
        var first = await world.SubmitAsync(twoOfTwo, world.Owner(0), 10_000);

        await world.UseCases.Issue.PumpAsync(Ct);
        var answered = await world.AnswerDeviceTasksAsync();
        var firstTask = Assert.Single(await world.Store.ReadTasksAsync(first, Ct));
        var verdicts = (await world.Store.ReadResultsAsync(firstTask.TaskId, Ct)).Select(r => (r.NodeId, r.Verdict, r.Reason)).OrderBy(r => r.NodeId, StringComparer.Ordinal).ToArray();
        var issuedBefore = world.Published.All.Count;
        var second = await world.SubmitAsync(twoOfTwo with { Seed = 4 }, world.Owner(0), 10_000);
        await world.UseCases.Issue.PumpAsync(Ct);

        Assert.Equal(2, answered);
        Assert.Equal(
            new[] { (a.Id, ResultVerdict.Invalid, nameof(VerificationReasonCode.ReExecutionMismatch)), (b.Id, ResultVerdict.Invalid, nameof(VerificationReasonCode.ReExecutionMismatch)) },
            verdicts); // they agreed, but a suspect was among the winners: re-executed, both lose
        Assert.Equal(WorkTaskStatus.Open, (await world.Store.FindTaskAsync(firstTask.TaskId, Ct))!.Status);
        var pair = Assert.Single(await world.Store.ReadColludingPairsAsync(Ct));
        Assert.Equal((a.Id, b.Id, firstTask.TaskId), (pair.FirstNode, pair.SecondNode, pair.TaskId));
        Assert.True(world.UseCases.Standings.KeptApart(b.Id, a.Id));
        Assert.True(world.UseCases.Standings.IsSuspect(b.Id));
        var secondTask = Assert.Single(await world.Store.ReadTasksAsync(second, Ct));
        var holders = (await world.Store.ReadAssignmentsAsync(secondTask.TaskId, Ct)).Select(x => x.NodeId).ToList();
        Assert.Single(holders); // one of the two, never both: the other replica waits for a node that is not its partner
        Assert.Equal(issuedBefore + 1, world.Published.All.Count);
        Assert.True(world.UseCases.Counters[WorkCounter.PlacementShort] >= 1);

        await using var restarted = new WorkUseCases(world.Store, world.Ledger, world.Registry, world.Nodes, new RecordingPublisher(),
            new EpochClock(new EpochPolicy { Genesis = DateTimeOffset.FromUnixTimeMilliseconds(WorkWorld.T0), EpochLength = TimeSpan.FromHours(1) }, world.Clock),
            new WorkOptions { Seed = seed, Prices = WorkWorld.TestPrices }, world.Clock);
        await restarted.InitializeAsync(Ct);
        Assert.True(restarted.Standings.KeptApart(a.Id, b.Id));
    }

    [Fact]
    public async Task ACaughtNodeIsNotTrustedAgainWhileSuspectHoweverLongItsRun()
    {
        var seed = TestSeed.Pick(4705);
        await using var world = await WorkWorld.CreateAsync(seed, new WorkOptions { TrustAfter = 2, SpotCheckRate = 1 });
        var devices = world.Fleet.Coordinator.Devices;
        string GatewayOwner(string gatewayId) => world.Fleet.Coordinator.Gateways.Single(g => g.Id == gatewayId).OwnerId;
        var online = new List<DeviceRecord> { devices[0] };
        foreach (var d in devices.Skip(1).Where(d => online.Count < 2 && online.All(o => Scheduler.AreDiverse((o.OwnerId, GatewayOwner(o.GatewayId)), (d.OwnerId, GatewayOwner(d.GatewayId))))))
        {
            online.Add(d);
        }

        foreach (var other in devices.Except(online))
        {
            world.Nodes.DeviceState(other.GatewayId, new DeviceStateItem(other.Id, false, WorkWorld.T0 + 1)); // two nodes: the caught one is every task's partner
        }

        var caught = devices[0].Id;
        await world.Store.SaveReputationAsync(new NodeReputationRecord(caught, 2, 6, WorkWorld.T0, 0, false), Ct); // one wrong answer, as another replica recorded it
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        await world.FundAsync(world.Owner(0), 100_000);
        var adaptive = new JobVerificationPolicy(VerificationMethod.AdaptiveReplication, Quorum: 2, Replicas: 2);

        var jobId = await world.SubmitAsync(new PrimesJobSpec(0, 400_000, 10_000) { Verification = adaptive }, world.Owner(0), 10_000);
        await world.RunUntilDoneAsync(100);

        Assert.Equal(JobStatus.Completed, (await world.Store.FindJobAsync(jobId, Ct))!.Status);
        var trust = world.UseCases.Standings.Trust(caught);
        Assert.True(trust.ValidRun >= 2, $"seed {seed}: {caught} had a run of {trust.ValidRun} checked valid results");
        Assert.False(trust.IsTrusted);
        Assert.True(world.UseCases.Standings.IsSuspect(caught));
        Assert.True(world.UseCases.Standings.Trust(online[1].Id).IsTrusted); // its partner earned trust with the same run (and was spot-checked: every task replicated)
    }

    [Fact]
    public async Task AReputationAndAPairAnotherReplicaStoredReachTheSchedulerAtTheNextRefresh()
    {
        var seed = TestSeed.Pick(4704);
        await using var world = await WorkWorld.CreateAsync(seed);
        var (x, y) = (world.Fleet.Coordinator.Devices[0].Id, world.Fleet.Coordinator.Devices[1].Id);
        await world.Store.SaveReputationAsync(new NodeReputationRecord(x, 30, 1, WorkWorld.T0, 20, true), Ct);
        await world.Store.RecordColludingPairsAsync([new ColludingPairRecord(x, y, "elsewhere", WorkWorld.T0)], Ct);

        world.Clock.Advance(TimeSpan.FromSeconds(59));
        await world.UseCases.Issue.PumpAsync(Ct);
        var before = (world.UseCases.Standings.Trust(x).IsTrusted, world.UseCases.Standings.KeptApart(x, y));
        world.Clock.Advance(TimeSpan.FromSeconds(1));
        await world.UseCases.Issue.PumpAsync(Ct);

        Assert.Equal((false, false), before);
        Assert.True(world.UseCases.Standings.Trust(x).IsTrusted);
        Assert.True(world.UseCases.Standings.KeptApart(x, y));
        Assert.True(world.UseCases.Standings.Reputation(x).Mean > 0.9);
    }
}
