using EdgeCompute.Coordinator.Domain.Work;
using static EdgeCompute.Coordinator.Tests.WorkStore.WorkFixtures;

namespace EdgeCompute.Coordinator.Tests.WorkStore;

/// <summary>The blobs tasks name: whether a gateway may fetch one.</summary>
public abstract partial class WorkStoreContract
{
    private static readonly string Module = new('a', 64);
    private static readonly string Input = new('b', 64);

    [Fact]
    public async Task A_gateway_holds_a_blob_only_while_an_assignment_of_a_task_naming_it_is_open_through_it()
    {
        var store = await OpenAsync();
        var task = TaskOf("job-b", 0) with { BlobHashes = [Module, Input, Module] };
        Assert.True(await store.InsertJobAsync(Job("job-b"), [task, TaskOf("job-b", 1)], Ct));
        Assert.False(await store.GatewayHoldsBlobAsync("gw-01", Module, Ct)); // named, but not assigned yet

        Assert.True(await store.InsertAssignmentAsync(Assignment(task.TaskId, 0, "gw-01") with { GatewayId = "gw-01" }, Ct));

        Assert.True(await store.GatewayHoldsBlobAsync("gw-01", Module, Ct));
        Assert.True(await store.GatewayHoldsBlobAsync("gw-01", Input, Ct));
        Assert.False(await store.GatewayHoldsBlobAsync("gw-02", Module, Ct));
        Assert.False(await store.GatewayHoldsBlobAsync("gw-01", new string('c', 64), Ct));

        Assert.True(await store.SetAssignmentStateAsync(task.TaskId, 0, "gw-01", AssignmentState.Issued, AssignmentState.Answered, Ct));
        Assert.False(await store.GatewayHoldsBlobAsync("gw-01", Module, Ct));
    }
}
