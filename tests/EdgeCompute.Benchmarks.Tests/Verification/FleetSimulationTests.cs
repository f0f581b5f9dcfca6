using EdgeCompute.Benchmarks.Verification;
using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Benchmarks.Tests.Verification;

public sealed class FleetSimulationTests
{
    private static readonly SimulationOptions Small = new(Nodes: 20, Tasks: 300, Trials: 20, Horizon: 60, AfterCatch: 5, SettleRounds: 10);

    private static RunTally Run(JobColumn column, CheatingStrategy strategy, int seed, PolicySetting? setting = null) =>
        new FleetSimulation(column, setting ?? PolicySetting.CurrentKernel(), strategy, Small, seed).Run();

    [Fact]
    public void A_seeded_run_repeats_exactly()
    {
        var first = Run(JobColumn.Kernel, CheatingStrategy.TrustThenCheat, 42);
        var second = Run(JobColumn.Kernel, CheatingStrategy.TrustThenCheat, 42);

        Assert.Equal(first.Trials, second.Trials);
        Assert.Equal((first.Verified, first.Rounds, first.SettledIssued), (second.Verified, second.Rounds, second.SettledIssued));
    }

    [Fact]
    public void Another_seed_gives_another_run()
    {
        var first = Run(JobColumn.Kernel, CheatingStrategy.Random10, 1);
        var second = Run(JobColumn.Kernel, CheatingStrategy.Random10, 2);

        Assert.NotEqual(first.Trials, second.Trials);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_node_that_never_cheats_is_never_caught(bool wasm)
    {
        var tally = Run(wasm ? JobColumn.Wasm : JobColumn.Kernel, CheatingStrategy.Honest, 7);

        Assert.Equal(Small.Trials, tally.Trials.Count);
        Assert.All(tally.Trials, t => Assert.Null(t.CaughtAfter));
        Assert.All(tally.Trials, t => Assert.Equal(0, t.WrongPaid));
        Assert.Equal(0, tally.HonestPenalised);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_always_cheater_is_caught_on_its_first_checked_tasks_and_never_paid(bool wasm)
    {
        var column = wasm ? JobColumn.Wasm : JobColumn.Kernel;
        var setting = column == JobColumn.Kernel ? PolicySetting.CurrentKernel() : PolicySetting.CurrentWasm();

        var tally = Run(column, CheatingStrategy.Always, 7, setting);

        Assert.Equal(Small.Trials, tally.Trials.Count);
        Assert.All(tally.Trials, t => Assert.InRange(t.CaughtAfter ?? int.MaxValue, 0, 5));
        Assert.All(tally.Trials, t => Assert.Equal(0, t.WrongPaid));
    }

    [Fact]
    public void Re_executing_every_decided_task_catches_a_colluding_pair_and_pays_it_nothing()
    {
        var setting = PolicySetting.CurrentWasm() with { AuditRate = 1 };

        var tally = Run(JobColumn.Wasm, CheatingStrategy.ColludingPair, 3, setting);

        Assert.All(tally.Trials, t => Assert.NotNull(t.CaughtAfter));
        Assert.All(tally.Trials, t => Assert.Equal(0, t.WrongPaid));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_lazy_node_earns_nothing_and_is_caught_at_its_first_missed_deadline(bool wasm)
    {
        var tally = Run(wasm ? JobColumn.Wasm : JobColumn.Kernel, CheatingStrategy.Lazy, 5, wasm ? PolicySetting.CurrentWasm() : null);

        Assert.Equal(Small.Trials, tally.Trials.Count);
        Assert.All(tally.Trials, t => Assert.Equal(0, t.CaughtAfter));
        Assert.All(tally.Trials, t => Assert.Equal(0, t.PaidAfterCaught + t.WrongPaid));
    }

    [Theory]
    [InlineData((int)CheatingStrategy.Always, false)]
    [InlineData((int)CheatingStrategy.Random10, false)]
    [InlineData((int)CheatingStrategy.TrustThenCheat, false)]
    [InlineData((int)CheatingStrategy.ColludingPair, false)]
    [InlineData((int)CheatingStrategy.TrustThenCheat, true)]
    [InlineData((int)CheatingStrategy.ColludingPair, true)]
    public void A_caught_cheater_is_paid_for_no_wrong_answer_after_it_was_caught(int strategy, bool wasm)
    {
        var column = wasm ? JobColumn.Wasm : JobColumn.Kernel;

        var tally = Run(column, (CheatingStrategy)strategy, 11, wasm ? PolicySetting.CurrentWasm() : PolicySetting.CurrentKernel());

        Assert.Equal(Small.Trials, tally.Trials.Count);
        Assert.Contains(tally.Trials, t => t.CaughtAfter is not null);
        Assert.All(tally.Trials, t => Assert.Equal(0, t.WrongPaidAfterCaught));
    }

    [Fact]
    public void A_colluding_pair_placed_together_after_one_was_caught_is_re_executed_detected_and_kept_apart()
    {
        var tally = Run(JobColumn.Kernel, CheatingStrategy.ColludingPair, 13);

        Assert.True(tally.SuspectReExecutions > 0);
        Assert.True(tally.PairsDetected > 0);
    }

    [Fact]
    public void An_honest_fleet_under_two_of_two_costs_one_extra_replica_per_task()
    {
        var setting = new PolicySetting(VerificationMethod.Quorum, 2, 10, 0.1, 0);

        var tally = new FleetSimulation(JobColumn.Wasm, setting, CheatingStrategy.Honest, Small with { CheaterShare = 0, Trials = 0 }, 9).Run();

        Assert.Equal(1.0, tally.Overhead, 2);
    }
}
