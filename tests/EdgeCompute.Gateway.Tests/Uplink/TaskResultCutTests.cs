using EdgeCompute.Gateway.Tests.Fixtures;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Tests;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Gateway.Tests.Uplink;

/// <summary>
/// A result of a task the gateway ran itself leaves at the uplink's next pass (<c>Batching:CutOnTaskResult</c>), not
/// after <c>Batching:MaxAge</c>: the coordinator issues the gateway's next task only once it has recorded the result.
/// </summary>
public sealed class TaskResultCutTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task A_task_result_is_sent_at_the_next_pass_without_waiting_for_the_batch_age()
    {
        await using var gateway = new TestGateway(devices: 1);
        gateway.Options.Batching.MaxAge = Long;
        gateway.Options.Batching.StatusInterval = Long;
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(TestFrames.WindowStartMs));
        var outbox = gateway.OpenOutbox(time);
        await using var fixture = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File);
        await fixture.StartAsync();
        var uplink = gateway.StartUplink(outbox, fixture.Url, time, TestSeed.Random(3));
        await Eventually.TrueAsync(() => uplink.IsConnected, "the uplink connected", step: () => time.Advance(TimeSpan.FromMilliseconds(25)));

        var (bytes, readings) = TestFrames.Summary(gateway.KeyOf(0), gateway.IdOf(0), 1, 1);
        await outbox.AppendFrameAsync(TestFrames.Decode(bytes), bytes, readings, TestContext.Current.CancellationToken);
        await outbox.AppendGatewayTaskResultAsync(new GatewayTaskResultItem("job-1-t0", 0, GatewayTaskStatus.Ok, 42, new byte[] { 7 }), TestContext.Current.CancellationToken);
        var appended = time.GetUtcNow();
        // Fake time moves 25 ms a step: the ten-minute batch age would take 24,000 steps, far past the wait's 20 s.
        await Eventually.TrueAsync(() => !fixture.GatewayTaskResults.IsEmpty && outbox.PendingItems == 0, "the task result sent",
            step: () => time.Advance(TimeSpan.FromMilliseconds(25)));

        Assert.True(time.GetUtcNow() - appended < Long);
        Assert.Equal("job-1-t0", Assert.Single(fixture.GatewayTaskResults).TaskId);
        Assert.Equal(1, fixture.FramesStored); // the telemetry waiting beside it went in the same batch
        Assert.Equal(1, Interlocked.Read(ref fixture.BatchesStored));
    }
}
