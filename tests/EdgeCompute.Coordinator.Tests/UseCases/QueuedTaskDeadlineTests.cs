using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Tests.UseCases;

/// <summary>
/// A gateway holds WASM tasks beyond its workers (<see cref="NodeDirectoryOptions.GatewayQueuedTaskSlots"/>); a queued task
/// waits behind the ones issued before it, so its deadline covers theirs: the k-th task a gateway holds gets k task
/// deadlines, and one waiting its turn is never withdrawn (nor counted a missed deadline against an honest gateway).
/// </summary>
public sealed class QueuedTaskDeadlineTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_task_a_gateway_holds_gets_one_more_task_deadline_than_the_one_before_it()
    {
        await using var world = await WorkWorld.CreateAsync(seed: 71, new WorkOptions { GatewayTaskDeadline = Deadline });
        var owner = world.Owner(0);
        await world.FundAsync(owner, 1_000_000);
        byte[][] inputs = [.. Enumerable.Range(0, 12).Select(i => new[] { (byte)(i + 1) })];
        await world.SubmitAsync(new WasmMapJobSpec(WasmModules.TrapsOnZero, inputs, 100_000, 1 << 20), owner, 1_000_000);

        await world.UseCases.Issue.PumpAsync(Ct);

        var issued = world.Published.All.Where(t => t.Target.Length == 0)
            .Select(t => (t.GatewayId, t.IssuedMs, TaskAssignmentCodec.Decode(t.Assignment).Value!.DeadlineMs)).ToList();
        Assert.NotEmpty(issued);
        foreach (var held in issued.GroupBy(t => t.GatewayId))
        {
            var spans = held.Select(t => t.DeadlineMs - t.IssuedMs).ToList();
            Assert.True(spans.Count > 1, $"{held.Key} holds {spans.Count} task(s); the test needs a queue");
            Assert.Equal(Enumerable.Range(1, spans.Count).Select(k => k * (long)Deadline.TotalMilliseconds), spans);
        }
    }
}
