using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Tests.UseCases;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Tests.Api;

/// <summary>A job's life through the HTTP API: refused at submit with the reason, waiting for nodes, failed fast on a malformed module.</summary>
public sealed class JobSubmitChecksApiTests
{
    private const long Fee = 9_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string WasmBody(byte[] module, string jobId) =>
        $$"""{"spec":{"kind":"wasm-map","module":"{{Convert.ToBase64String(module)}}","inputs":["AQ==","Ag=="],"fuel":100000,"memoryBytes":65536},"fee":{{Fee}},"jobId":"{{jobId}}"}""";

    [Fact]
    public async Task A_module_without_exports_is_400_naming_the_missing_export_and_is_neither_stored_nor_charged()
    {
        await using var world = await ApiWorld.CreateAsync();
        var owner = world.Owner(0);
        await world.Work.FundAsync(owner, Fee);

        var problem = await ApiWorld.ProblemOf(await world.PostAsync("/api/jobs", WasmBody(WasmModules.NoExports, "no-exports"), world.TokenOf(owner)), 400);

        Assert.Equal("urn:edgecompute:problem:invalid-module", problem.GetProperty("type").GetString());
        Assert.Equal("spec.module", problem.GetProperty("field").GetString());
        Assert.Equal("the module exports no linear memory named `memory`", problem.GetProperty("detail").GetString());
        await ApiWorld.ProblemOf(await world.GetAsync("/api/jobs/no-exports"), 404);
        Assert.Equal(Fee, await world.Work.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));
    }

    [Fact]
    public async Task A_job_waiting_for_its_gateways_shows_waiting_for_nodes_with_the_reason()
    {
        await using var world = await ApiWorld.CreateAsync();
        var owner = world.Owner(0);
        await world.Work.FundAsync(owner, Fee);
        foreach (var gateway in world.Work.Fleet.Coordinator.Gateways)
        {
            world.Work.Nodes.GatewayState(gateway.Id, false);
        }

        var accepted = await ApiWorld.JsonOf(await world.PostAsync("/api/jobs", WasmBody(WasmModules.Valid, "waits"), world.TokenOf(owner)));
        var shown = await ApiWorld.JsonOf(await world.GetAsync("/api/jobs/waits"));
        var listed = (await ApiWorld.JsonOf(await world.GetAsync("/api/jobs"))).GetProperty("items")[0];

        Assert.Equal("waiting for nodes", accepted.GetProperty("status").GetString());
        Assert.Equal("waiting for nodes", shown.GetProperty("status").GetString());
        Assert.StartsWith("no online gateway runs the wasm kernel", shown.GetProperty("waiting").GetString(), StringComparison.Ordinal);
        Assert.Equal("waiting for nodes", listed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_job_failed_by_a_malformed_module_shows_failed_with_the_reason()
    {
        await using var world = await ApiWorld.CreateAsync();
        var owner = world.Owner(0);
        await world.Work.FundAsync(owner, Fee);
        await LegacyJobs.InsertAsync(world.Work, "legacy-api", new WasmMapJobSpec(WasmModules.NoRun, [[1]], 100_000, 1 << 16), owner, Fee);
        await world.Work.UseCases.Issue.PumpAsync(Ct);
        var task = world.Work.Published.All.First(t => t.Target.Length == 0);
        var assignment = TaskAssignmentCodec.Decode(task.Assignment).Value!;

        await world.Work.UseCases.Results.AcceptGatewayResultAsync(
            new GatewayTaskResultItem(assignment.TaskId, assignment.Slot, GatewayTaskStatus.Malformed, 0, ReadOnlyMemory<byte>.Empty), task.GatewayId, Ct);
        await world.Work.UseCases.Issue.PumpAsync(Ct); // settled at the next pass
        var shown = await ApiWorld.JsonOf(await world.GetAsync("/api/jobs/legacy-api"));

        Assert.Equal("failed", shown.GetProperty("status").GetString());
        Assert.StartsWith("the module is malformed: the module exports no `run` function", shown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(shown.TryGetProperty("waiting", out _));
        Assert.Equal(Fee, await world.Work.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));
    }
}
