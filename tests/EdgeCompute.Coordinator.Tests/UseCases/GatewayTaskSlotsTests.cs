using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Coordinator.Tests.UseCases;

/// <summary>
/// A gateway's WASM task slots (<see cref="NodeInfo.Capacity"/>): its idle cores, plus
/// <see cref="NodeDirectoryOptions.GatewayQueuedTaskSlots"/> waiting in its queue so a worker never idles while its last
/// result travels up, capped by <see cref="NodeDirectoryOptions.MaxGatewayTaskSlots"/>.
/// </summary>
public sealed class GatewayTaskSlotsTests
{
    [Theory]
    [InlineData(0, 8, 1000, 4)] // all 4 cores idle, nothing queued: one task per core, as before the queued slots
    [InlineData(2, 8, 1000, 6)] // 4 idle cores and 2 queued
    [InlineData(2, 8, 250, 3)] // one idle core of 4, and 2 queued
    [InlineData(2, 8, 0, 3)] // no idle core still counts one (a worker that frees up), and 2 queued
    [InlineData(2, 5, 1000, 5)] // the cap holds whatever the queue
    public void A_gateway_holds_its_idle_cores_plus_the_queued_slots_up_to_the_cap(int queued, int max, uint idlePermille, int expected)
    {
        var directory = new NodeDirectory(new NodeDirectoryOptions { GatewayQueuedTaskSlots = queued, MaxGatewayTaskSlots = max },
            new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(WorkWorld.T0)));
        directory.GatewayBirth(new GatewayBirth("gw-1", 1, WorkWorld.T0, 4, 1 << 30, true, [], "u4pru", []));
        directory.GatewayStatus("gw-1", new GatewayStatus(idlePermille, 1 << 20, 0));

        Assert.Equal(expected, directory.Snapshot().Single(n => n.NodeId == "gw-1").Capacity);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65)]
    public void Queued_slots_outside_0_to_64_are_refused_at_start_naming_the_setting(int queued)
    {
        var problem = new NodeDirectoryOptions { GatewayQueuedTaskSlots = queued }.Validate();

        Assert.NotNull(problem);
        Assert.StartsWith(nameof(NodeDirectoryOptions.GatewayQueuedTaskSlots), problem, StringComparison.Ordinal);
    }
}
