using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;
using EdgeCompute.Coordinator.Tests.UseCases;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Tests.Api;

/// <summary><c>GET /api/jobs/{id}/tasks</c>: every task with who ran it, how the run ended and the verdict.</summary>
public sealed class JobTasksApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_trapped_run_shows_its_node_its_outcome_and_the_task_stays_open()
    {
        await using var world = await ApiWorld.CreateAsync(seed: 5);
        var owner = world.Owner(0);
        await world.Work.FundAsync(owner, 7_000);
        var jobId = await world.Work.SubmitAsync(new WasmMapJobSpec(WasmModules.Valid, [[1], [2], [3]], 100_000, 1 << 16), owner, 7_000);
        await world.Work.UseCases.Issue.PumpAsync(Ct);
        var first = world.Work.Published.All.First(t => t.Target.Length == 0);
        var assignment = TaskAssignmentCodec.Decode(first.Assignment).Value!;
        await world.Work.UseCases.Results.AcceptGatewayResultAsync(new GatewayTaskResultItem(assignment.TaskId, assignment.Slot, GatewayTaskStatus.Trap, 4_321, ReadOnlyMemory<byte>.Empty),
            first.GatewayId, Ct);

        var page = await ApiWorld.JsonOf(await world.GetAsync($"/api/jobs/{jobId}/tasks"));
        var open = await ApiWorld.JsonOf(await world.GetAsync($"/api/jobs/{jobId}/tasks?status=open&limit=2"));

        Assert.Equal(3, page.GetProperty("total").GetInt32());
        var task = page.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("id").GetString() == assignment.TaskId);
        var result = Assert.Single(task.GetProperty("results").EnumerateArray());
        Assert.Equal((first.GatewayId, "Trap"), (result.GetProperty("node").GetString(), result.GetProperty("outcome").GetString()));
        Assert.Equal("open", task.GetProperty("status").GetString());
        Assert.Equal([0, 1], open.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("index").GetInt32()));
        Assert.Equal(2, open.GetProperty("next").GetInt32());
        Assert.False(result.TryGetProperty("output", out _));
    }

    [Theory]
    [InlineData("/api/jobs/nope/tasks", 404)]
    [InlineData("/api/jobs/nope/tasks?status=done", 400)]
    [InlineData("/api/jobs/nope/tasks?limit=201", 400)]
    public async Task Bad_requests_are_problems(string url, int status)
    {
        await using var world = await ApiWorld.CreateAsync();

        await ApiWorld.ProblemOf(await world.GetAsync(url), status);
    }
}
