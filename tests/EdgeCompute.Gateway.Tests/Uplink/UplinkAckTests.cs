using EdgeCompute.Gateway.Tests.Fixtures;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Gateway.Uplink;
using EdgeCompute.Tests;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Gateway.Tests.Uplink;

public sealed class UplinkAckTests
{
    [Fact]
    public async Task A_batch_whose_ack_was_lost_is_resent_unchanged_and_stored_once()
    {
        await using var gateway = new TestGateway(devices: 1);
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(TestFrames.WindowStartMs));
        var outbox = gateway.OpenOutbox(time);
        await using var fixture = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File) { DropNextAcks = 1 };
        await fixture.StartAsync();
        for (uint seq = 1; seq <= 5; seq++)
        {
            var (bytes, readings) = TestFrames.Summary(gateway.KeyOf(0), gateway.IdOf(0), 1, seq);
            await outbox.AppendFrameAsync(TestFrames.Decode(bytes), bytes, readings, TestContext.Current.CancellationToken);
        }

        var uplink = gateway.StartUplink(outbox, fixture.Url, time, TestSeed.Random(7));
        // The resend counter moves when the resend's publish completes, which can be after its ack emptied the outbox.
        await Eventually.TrueAsync(
            () => outbox.UnackedBatches == 0 && outbox.PendingItems == 0 && uplink.Events[UplinkEvent.BatchResent] >= 1,
            "the batch resent and acked",
            step: () => time.Advance(TimeSpan.FromMilliseconds(250)));

        Assert.Equal(2, Interlocked.Read(ref fixture.BatchesReceived));
        Assert.Equal(1, Interlocked.Read(ref fixture.BatchesStored));
        Assert.Equal(1, Interlocked.Read(ref fixture.BatchDuplicates));
        Assert.Equal(1, uplink.Events[UplinkEvent.BatchResent]);
        Assert.Equal(5, fixture.FramesStored);
        Assert.Equal(5 * 180, fixture.ReadingsStored);
        Assert.Single(fixture.Received.Distinct());
    }

    [Fact]
    public async Task A_session_whose_ack_subscription_was_refused_is_dropped_and_set_up_again_so_batches_are_acked()
    {
        await using var gateway = new TestGateway(devices: 1);
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(TestFrames.WindowStartMs));
        var outbox = gateway.OpenOutbox(time);
        await using var fixture = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File) { RefuseNextSubscriptions = 1 };
        await fixture.StartAsync();
        for (uint seq = 1; seq <= 3; seq++)
        {
            var (bytes, readings) = TestFrames.Summary(gateway.KeyOf(0), gateway.IdOf(0), 1, seq);
            await outbox.AppendFrameAsync(TestFrames.Decode(bytes), bytes, readings, TestContext.Current.CancellationToken);
        }

        var uplink = gateway.StartUplink(outbox, fixture.Url, time, TestSeed.Random(11));
        await Eventually.TrueAsync(
            () => outbox.UnackedBatches == 0 && outbox.PendingItems == 0,
            "the batches acked over the second session",
            step: () => time.Advance(TimeSpan.FromMilliseconds(250)));

        // The first session lacked its ack subscription: counted as a failed connection, dropped, and set up again.
        Assert.Equal(1, Interlocked.Read(ref fixture.SubscriptionsRefused));
        Assert.Equal(1, uplink.Events[UplinkEvent.ConnectFailed]);
        Assert.Equal(1, uplink.Events[UplinkEvent.Connected]);
        Assert.Equal(2, Interlocked.Read(ref fixture.ConnectionsAccepted));
        Assert.Equal(3, fixture.FramesStored);
        Assert.Equal(0, Interlocked.Read(ref fixture.BatchDuplicates));
    }

    [Fact]
    public async Task A_forged_ack_deletes_nothing_and_is_counted()
    {
        await using var gateway = new TestGateway(devices: 1);
        var outbox = gateway.OpenOutbox();
        await using var fixture = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File) { ForgeAcks = true };
        await fixture.StartAsync();
        var (bytes, readings) = TestFrames.Summary(gateway.KeyOf(0), gateway.IdOf(0), 1, 1);
        await outbox.AppendFrameAsync(TestFrames.Decode(bytes), bytes, readings, TestContext.Current.CancellationToken);
        gateway.Options.Batching.MaxAge = TimeSpan.FromMilliseconds(20);

        var uplink = gateway.StartUplink(outbox, fixture.Url);
        await Eventually.TrueAsync(() => uplink.Events[UplinkEvent.AckRejected] >= 1, "the forged ack dropped");

        Assert.Equal(0, uplink.Events[UplinkEvent.AckAccepted]);
        Assert.Equal(1, outbox.UnackedBatches);
        Assert.Equal(0, outbox.Counters().Acknowledged);
    }

    [Fact]
    public async Task A_forged_task_is_dropped_and_counted_and_a_signed_one_is_exposed()
    {
        await using var gateway = new TestGateway(devices: 1);
        var outbox = gateway.OpenOutbox();
        await using var fixture = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File);
        await fixture.StartAsync();
        var uplink = gateway.StartUplink(outbox, fixture.Url);
        await Eventually.TrueAsync(() => uplink.Events[UplinkEvent.Connected] >= 1, "connected");

        await fixture.SendTaskAsync(gateway.IdOf(0), [1, 2, 3], forged: true);
        await fixture.SendTaskAsync(gateway.IdOf(0), [4, 5, 6], forged: false);
        await Eventually.TrueAsync(() => uplink.Events[UplinkEvent.TaskRejected] + uplink.Events[UplinkEvent.TaskAccepted] >= 2, "both tasks handled");

        Assert.Equal(1, uplink.Events[UplinkEvent.TaskRejected]);
        Assert.True(uplink.Tasks.TryRead(out var task));
        Assert.Equal([4, 5, 6], task.Assignment.ToArray());
        Assert.False(uplink.Tasks.TryRead(out _));
    }
}
