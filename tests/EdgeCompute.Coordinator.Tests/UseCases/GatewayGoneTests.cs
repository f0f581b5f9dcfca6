using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Primes;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Tests;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Coordinator.Tests.UseCases;

/// <summary>
/// A gateway that dies — its will, or silence past <see cref="NodeDirectoryOptions.GatewaySilenceLimit"/> on the
/// coordinator's clock — takes its devices offline with it, and the open assignments held by it and its devices are
/// reissued to other nodes at once, not at their deadlines. Heard again, it is online again.
/// </summary>
public sealed class GatewayGoneTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(75);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Deadlines far past the silence limit: any withdrawal seen here is the gateway's going, never a deadline.
    private static WorkOptions LongDeadlines() => new() { DeviceTaskDeadline = TimeSpan.FromMinutes(30), GatewayTaskDeadline = TimeSpan.FromMinutes(30) };

    [Fact]
    public async Task Silence_past_the_limit_takes_a_gateway_and_its_devices_offline_and_reissues_their_assignments_to_other_nodes()
    {
        var seed = TestSeed.Pick(1801);
        await using var world = await WorkWorld.CreateAsync(seed, LongDeadlines(), nodes: new NodeDirectoryOptions { GatewaySilenceLimit = Limit });
        var (dead, held) = await IssueAndPickAGatewayAsync(world, seed);
        var alive = world.Fleet.Coordinator.Gateways.Select(g => g.Id).Where(id => id != dead).ToList();

        world.Clock.Advance(Limit - TimeSpan.FromSeconds(5));
        Speak(world, alive);
        Assert.Equal(0, (await world.UseCases.Issue.PumpAsync(Ct)).Withdrawn); // within the limit: nothing happens
        Assert.True(Node(world, dead).Online);

        world.Clock.Advance(TimeSpan.FromSeconds(10)); // the dead one is now silent for the limit + 5 s, the others for 10 s
        var report = await world.UseCases.Issue.PumpAsync(Ct);

        Assert.False(Node(world, dead).Online, $"seed {seed}");
        Assert.All(world.Nodes.Snapshot().Where(n => !n.IsGateway && n.GatewayId == dead), n => Assert.False(n.Online));
        Assert.All(world.Nodes.Snapshot().Where(n => alive.Contains(n.GatewayId)), n => Assert.True(n.Online));
        Assert.Equal(held.Count, report.Withdrawn);
        Assert.Equal(held.Count, world.UseCases.Counters[WorkCounter.AssignmentGatewayGone]);
        Assert.Equal(0, world.UseCases.Counters[WorkCounter.AssignmentOverdue]);
        await AssertReissuedElsewhereAsync(world, dead, held, seed);
    }

    [Fact]
    public async Task A_gateways_will_withdraws_its_assignments_at_the_next_pass_without_any_wait()
    {
        var seed = TestSeed.Pick(1802);
        await using var world = await WorkWorld.CreateAsync(seed, LongDeadlines(), nodes: new NodeDirectoryOptions { GatewaySilenceLimit = Limit });
        var (dead, held) = await IssueAndPickAGatewayAsync(world, seed);

        world.Nodes.GatewayState(dead, online: false);
        var report = await world.UseCases.Issue.PumpAsync(Ct);

        Assert.Equal(held.Count, report.Withdrawn);
        Assert.All(world.Nodes.Snapshot().Where(n => n.GatewayId == dead), n => Assert.False(n.Online));
        await AssertReissuedElsewhereAsync(world, dead, held, seed);
        Assert.Equal(0, (await world.UseCases.Issue.PumpAsync(Ct)).Withdrawn); // handed over once
    }

    [Fact]
    public void A_silent_gateway_heard_again_is_online_again_but_one_gone_by_its_will_waits_for_its_birth_or_online_state()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(WorkWorld.T0));
        var directory = new NodeDirectory(new NodeDirectoryOptions { GatewaySilenceLimit = Limit }, clock);
        directory.GatewayBirth(new GatewayBirth("gw-1", 1, WorkWorld.T0, 2, 1 << 30, true, ["dev-1"], "u4pru", []));
        directory.GatewayBirth(new GatewayBirth("gw-2", 1, WorkWorld.T0, 2, 1 << 30, true, [], "u4pru", []));
        directory.DeviceBirth("gw-1", "dev-1", 1, new DeviceBirth("1.0.0", "esp32", [KernelNames.PrimesCount], 320_000, 240, []));

        clock.Advance(Limit);
        Assert.Equal(3, directory.Snapshot().Count(n => n.Online)); // at the limit, not past it
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(directory.Snapshot(), n => n.Online); // also where no scheduler takes them (another replica)
        Assert.Equal(["gw-1", "gw-2"], directory.TakeGatewaysGone());
        Assert.Empty(directory.TakeGatewaysGone()); // once per going
        Assert.DoesNotContain(directory.Snapshot(), n => n.Online);

        directory.BatchCommitted("gw-1", ["dev-1"]);
        directory.GatewayStatus("gw-2", new GatewayStatus(500, 1 << 20, 0));
        Assert.True(directory.Snapshot().Single(n => n.NodeId == "dev-1").Online);
        Assert.True(directory.Snapshot().Single(n => n.NodeId == "gw-2").Online);

        directory.GatewayState("gw-1", online: false); // its will
        directory.BatchCommitted("gw-1", []); // a batch delivered after the will does not bring it back
        Assert.False(directory.Snapshot().Single(n => n.NodeId == "dev-1").Online);
        Assert.Equal(["gw-1"], directory.TakeGatewaysGone());
        directory.GatewayState("gw-1", online: true);
        Assert.True(directory.Snapshot().Single(n => n.NodeId == "dev-1").Online);
    }

    /// <summary>Issues a small primes job (4 tasks: room is left on the other gateways' devices) and picks the gateway holding most of its assignments.</summary>
    private static async Task<(string Gateway, List<AssignmentRecord> Held)> IssueAndPickAGatewayAsync(WorkWorld world, int seed)
    {
        var submitter = world.Owner(0);
        await world.FundAsync(submitter, 100_000);
        var jobId = await world.SubmitAsync(new PrimesJobSpec(0, 40_000, 10_000), submitter, fee: 4_000);
        await world.UseCases.Issue.PumpAsync(Ct);
        var issued = new List<AssignmentRecord>();
        foreach (var task in await world.Store.ReadTasksAsync(jobId, Ct))
        {
            issued.AddRange((await world.Store.ReadAssignmentsAsync(task.TaskId, Ct)).Where(a => a.State == AssignmentState.Issued));
        }

        var gateway = issued.GroupBy(a => a.GatewayId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var held = issued.Where(a => a.GatewayId == gateway).ToList();
        Assert.True(held.Count > 0, $"seed {seed}: nothing issued");
        return (gateway, held);
    }

    private static async Task AssertReissuedElsewhereAsync(WorkWorld world, string dead, List<AssignmentRecord> held, int seed)
    {
        foreach (var before in held)
        {
            var now = await world.Store.ReadAssignmentsAsync(before.TaskId, Ct);
            Assert.Equal(AssignmentState.Withdrawn, now.Single(a => a.Slot == before.Slot && a.NodeId == before.NodeId).State);
            Assert.DoesNotContain(now, a => a.State == AssignmentState.Issued && a.GatewayId == dead);
            Assert.True(now.Count(a => a.State == AssignmentState.Issued) >= 1, $"seed {seed}: {before.TaskId} was not reissued");
        }
    }

    private static void Speak(WorkWorld world, IEnumerable<string> gateways)
    {
        foreach (var gateway in gateways)
        {
            world.Nodes.GatewayStatus(gateway, new GatewayStatus(500, 1 << 20, 0));
        }
    }

    private static NodeInfo Node(WorkWorld world, string id) => world.Nodes.Snapshot().Single(n => n.NodeId == id);
}
