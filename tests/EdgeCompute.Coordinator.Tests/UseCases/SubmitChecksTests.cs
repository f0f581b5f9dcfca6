using EdgeCompute.Coordinator.Domain.Jobs.Kinds.MonteCarloPi;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Pow;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;

namespace EdgeCompute.Coordinator.Tests.UseCases;

/// <summary>What the coordinator checks when a job is submitted: the module's shape, and whether the registered fleet could ever place it.</summary>
public sealed class SubmitChecksTests
{
    private const long Fee = 5_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static WasmMapJobSpec Wasm(byte[] module) => new(module, [[1], [2]], 100_000, 1 << 16);

    [Theory]
    [InlineData("no-exports", "the module exports no linear memory named `memory`")]
    [InlineData("no-run", "the module exports no `run` function (the gateway ABI needs run(i32, i32) -> i64)")]
    [InlineData("abort", "the module imports env.abort, which the gateway ABI does not provide")]
    public async Task A_module_that_breaks_the_gateway_ABI_is_refused_naming_the_problem_and_nothing_is_escrowed(string which, string expected)
    {
        await using var world = await WorkWorld.CreateAsync(seed: 41);
        var owner = world.Owner(0);
        await world.FundAsync(owner, Fee);
        var module = which switch { "no-exports" => WasmModules.NoExports, "no-run" => WasmModules.NoRun, _ => WasmModules.ImportsAbort };

        var result = await world.UseCases.Intake.SubmitAsync(new JobSubmission(Wasm(module), owner, Fee, "bad-module"), Ct);

        Assert.Equal(SubmitReason.InvalidModule, result.Reason);
        Assert.Equal("module", result.Field);
        Assert.StartsWith(expected, result.Detail, StringComparison.Ordinal);
        Assert.Equal(Fee, await world.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));
        Assert.Null(await world.Store.FindJobAsync("bad-module", Ct));
        Assert.Empty(world.Published.All);
    }

    [Fact]
    public async Task A_module_whose_initial_memory_exceeds_the_tasks_memory_limit_is_refused_naming_memoryBytes()
    {
        await using var world = await WorkWorld.CreateAsync(seed: 44);
        var owner = world.Owner(0);
        await world.FundAsync(owner, Fee);
        var twoPages = Wasmtime.Module.ConvertText("""
            (module (memory (export "memory") 2)
              (func (export "alloc") (param i32) (result i32) (i32.const 1024))
              (func (export "run") (param i32 i32) (result i64) (i64.const 0)))
            """);

        var refused = await world.UseCases.Intake.SubmitAsync(new JobSubmission(new WasmMapJobSpec(twoPages, [[1]], 100_000, 65_536), owner, Fee, "too-small"), Ct);
        var accepted = await world.UseCases.Intake.SubmitAsync(new JobSubmission(new WasmMapJobSpec(twoPages, [[1]], 100_000, 131_072), owner, Fee, "fits"), Ct);

        Assert.Equal(SubmitReason.InvalidModule, refused.Reason);
        Assert.Contains("initial memory of 131072 bytes exceeds the tasks' memory limit of 65536 bytes (memoryBytes)", refused.Detail, StringComparison.Ordinal);
        Assert.True(accepted.IsAccepted, accepted.Detail);
    }

    [Fact]
    public async Task A_module_that_follows_the_ABI_is_accepted()
    {
        await using var world = await WorkWorld.CreateAsync(seed: 42);
        var owner = world.Owner(0);
        await world.FundAsync(owner, Fee);

        var result = await world.UseCases.Intake.SubmitAsync(new JobSubmission(Wasm(WasmModules.Valid), owner, Fee, "good-module"), Ct);

        Assert.True(result.IsAccepted, result.Detail);
    }

    [Fact]
    public async Task A_two_replica_wasm_job_on_a_one_owner_registry_is_refused_with_the_reason_and_nothing_is_escrowed()
    {
        await using var world = await WorkWorld.CreateAsync(seed: 43, owners: 1, gateways: 2, devices: 4);
        var owner = world.Owner(0);
        await world.FundAsync(owner, Fee);

        var result = await world.UseCases.Intake.SubmitAsync(new JobSubmission(Wasm(WasmModules.Valid), owner, Fee, "one-owner"), Ct);

        Assert.Equal(SubmitReason.NeverPlaceable, result.Reason);
        Assert.Equal($"the registered fleet can never run this job: adaptive replication with quorum 2 needs 2 gateways running wasm of distinct owners (none owning another's gateway); the registered fleet has at most 1 (1 eligible owner(s): {owner})",
            result.Detail);
        Assert.Equal(Fee, await world.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));
        Assert.Null(await world.Store.FindJobAsync("one-owner", Ct));
    }

    [Fact]
    public async Task A_device_kernel_quorum_on_a_one_owner_registry_is_refused_but_a_single_run_job_is_accepted()
    {
        await using var world = await WorkWorld.CreateAsync(seed: 44, owners: 1, gateways: 1, devices: 3);
        var owner = world.Owner(0);
        await world.FundAsync(owner, 2 * Fee);

        var pi = await world.UseCases.Intake.SubmitAsync(new JobSubmission(new MonteCarloPiJobSpec(100_000, 50_000, 7), owner, Fee, "pi-1"), Ct);
        var pow = await world.UseCases.Intake.SubmitAsync(new JobSubmission(new PowJobSpec([1, 2, 3], 4, 0, 4096, 4096), owner, Fee, "pow-1"), Ct);

        Assert.Equal(SubmitReason.NeverPlaceable, pi.Reason);
        Assert.Contains("needs 2 devices running mc.pi", pi.Detail, StringComparison.Ordinal);
        Assert.True(pow.IsAccepted, pow.Detail);
    }

    [Fact]
    public async Task A_job_the_registry_could_place_waits_for_nodes_while_they_are_offline_and_not_once_they_are_online()
    {
        await using var world = await WorkWorld.CreateAsync(seed: 45);
        var owner = world.Owner(0);
        await world.FundAsync(owner, Fee);
        var gateways = world.Fleet.Coordinator.Gateways.Select(g => g.Id).ToList();
        foreach (var gateway in gateways.Skip(1))
        {
            world.Nodes.GatewayState(gateway, false);
        }

        var result = await world.UseCases.Intake.SubmitAsync(new JobSubmission(Wasm(WasmModules.Valid), owner, Fee, "waits"), Ct);
        var job = (await world.Store.FindJobAsync("waits", Ct))!;
        var waiting = await world.UseCases.Fleet.WaitingForNodesAsync(job, Ct);
        foreach (var gateway in gateways.Skip(1))
        {
            world.Nodes.GatewayState(gateway, true);
        }

        var afterwards = await world.UseCases.Fleet.WaitingForNodesAsync(job, Ct);

        Assert.True(result.IsAccepted, result.Detail);
        Assert.Equal("adaptive replication with quorum 2 needs 2 gateways running wasm of distinct owners (none owning another's gateway); the online fleet has at most 1 (1 eligible owner(s): "
            + world.Fleet.Coordinator.Gateways[0].OwnerId + ")", waiting);
        Assert.Null(afterwards);
    }

    [Fact]
    public async Task A_gateway_that_never_announced_itself_counts_as_able_to_run_wasm()
    {
        await using var world = await WorkWorld.CreateAsync(seed: 46, owners: 2, gateways: 2, devices: 2, births: false);
        var owner = world.Owner(0);
        await world.FundAsync(owner, Fee);

        var result = await world.UseCases.Intake.SubmitAsync(new JobSubmission(Wasm(WasmModules.Valid), owner, Fee, "early"), Ct);
        var waiting = await world.UseCases.Fleet.WaitingForNodesAsync((await world.Store.FindJobAsync("early", Ct))!, Ct);

        Assert.True(result.IsAccepted, result.Detail);
        Assert.StartsWith("no online gateway runs the wasm kernel", waiting, StringComparison.Ordinal);
    }
}
