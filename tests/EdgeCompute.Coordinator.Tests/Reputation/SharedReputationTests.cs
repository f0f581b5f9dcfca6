using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.MonteCarloPi;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.Tests.UseCases;
using EdgeCompute.Coordinator.UseCases;
using EdgeCompute.Tests;

namespace EdgeCompute.Coordinator.Tests.Reputation;

/// <summary>Two coordinator replicas sharing one store, and a restart: no replica's evidence about a node is lost or reset.</summary>
public sealed class SharedReputationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Results_recorded_by_two_replicas_all_count_in_the_stored_reputation_and_a_restarted_replica_reads_them_back()
    {
        var seed = TestSeed.Pick(4601);
        await using var world = await WorkWorld.CreateAsync(seed, new WorkOptions { RecountOutstandingEachPass = true }); // results also arrive at replica B
        await world.FundAsync(world.Owner(0), 100_000);
        var policy = new EpochPolicy { Genesis = DateTimeOffset.FromUnixTimeMilliseconds(WorkWorld.T0), EpochLength = TimeSpan.FromHours(1) };
        await using var replicaB = new WorkUseCases(world.Store, world.Ledger, world.Registry, world.Nodes, new RecordingPublisher(), new EpochClock(policy, world.Clock),
            new WorkOptions { Seed = seed, Prices = WorkWorld.TestPrices }, world.Clock);
        await replicaB.InitializeAsync(Ct);
        var spec = new MonteCarloPiJobSpec(400_000, 10_000, 3) { Verification = new JobVerificationPolicy(VerificationMethod.Quorum, Quorum: 2, Replicas: 2) };
        var jobId = await world.SubmitAsync(spec, world.Owner(0), 100_000);

        // Every node's results alternate between the replicas, so each replica records nodes the other recorded before it.
        var turn = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var round = 0; round < 100 && (await world.Store.FindJobAsync(jobId, Ct))!.Status == JobStatus.Running; round++)
        {
            await world.UseCases.Issue.PumpAsync(Ct);
            while (world.Published.Tasks.TryDequeue(out var task))
            {
                var (frame, result) = world.Run(task);
                var n = turn[task.Target] = turn.GetValueOrDefault(task.Target) + 1;
                await (n % 2 == 0 ? replicaB : world.UseCases).Results.AcceptAsync(frame, result, task.GatewayId, Ct);
            }
        }

        Assert.Equal(JobStatus.Completed, (await world.Store.FindJobAsync(jobId, Ct))!.Status);
        Assert.Contains(turn.Values, n => n >= 4);
        var valid = (await world.Store.ReadNodeVerdictCountsAsync(Ct)).ToDictionary(c => c.NodeId, c => c.Verified, StringComparer.Ordinal);
        await using var restarted = new WorkUseCases(world.Store, world.Ledger, world.Registry, world.Nodes, new RecordingPublisher(), new EpochClock(policy, world.Clock),
            new WorkOptions { Seed = seed }, world.Clock);
        await restarted.InitializeAsync(Ct);
        foreach (var (node, count) in valid)
        {
            // the clock stood still: no decay, so the evidence is exactly one per valid result, whichever replica judged it
            Assert.Equal(count, restarted.Standings.Reputation(node).Evidence, 6);
        }
    }
}
