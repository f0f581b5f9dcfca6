using EdgeCompute.Gateway.Tests.Fixtures;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Gateway.Tests.Wiring;
using EdgeCompute.Gateway.Uplink;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Tests;
using MQTTnet;

namespace EdgeCompute.Gateway.Tests.Uplink;

/// <summary>
/// What the gateway says about itself in the status of each batch (status v2): read from the outbox's, the uplink's and
/// the device broker's own counters, seen by the stand-in coordinator.
/// </summary>
public sealed class GatewayStatusReportTests
{
    [Fact]
    public async Task Each_batch_reports_outbox_bytes_unacked_batches_and_evictions_from_the_outbox_counters()
    {
        await using var gateway = new TestGateway(devices: 1);
        WiringClock.Relax(gateway.Options);
        gateway.Options.Outbox.MaxBytes = 64 * 1024;
        gateway.Options.Batching.MaxItems = 10;
        var time = WiringClock.Create();
        var outbox = gateway.OpenOutbox(time);
        uint seq = 0;
        while (outbox.Counters().EvictedFrames < 5)
        {
            seq++;
            var (bytes, readings) = TestFrames.Summary(gateway.KeyOf(0), gateway.IdOf(0), 1, seq);
            Assert.True((await outbox.AppendFrameAsync(TestFrames.Decode(bytes), bytes, readings, TestContext.Current.CancellationToken)).IsDurable);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var before = outbox.Counters();
        Assert.True(before.PendingItems >= 10 * gateway.Options.Batching.MaxUnackedBatches, $"{before.PendingItems} items: enough for every batch the uplink may cut");
        await using var fixture = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File) { DropNextAcks = int.MaxValue };
        await fixture.StartAsync();
        gateway.StartUplink(outbox, fixture.Url, time, TestSeed.Random(18));
        var cap = gateway.Options.Batching.MaxUnackedBatches;
        await Eventually.TrueAsync(() => fixture.StatusBySeq.Count == cap, $"{cap} batches cut and received, none acked",
            step: () => time.Advance(TimeSpan.FromMilliseconds(250)));

        // No ack ever comes, so batch k is cut with k - 1 before it waiting: its status counts k unacked (itself included).
        Assert.Equal(Enumerable.Range(1, cap).Select(k => (ulong)k), fixture.StatusBySeq.OrderBy(p => p.Key).Select(p => p.Value.UnackedBatches!.Value));
        Assert.Equal(Enumerable.Range(1, cap).Select(k => (ulong)(before.PendingItems - (10 * k))), fixture.StatusBySeq.OrderBy(p => p.Key).Select(p => p.Value.OutboxDepth));
        Assert.All(fixture.StatusBySeq.Values, s => Assert.Equal((ulong)before.EvictedFrames, s.OutboxEvictions));
        Assert.All(fixture.StatusBySeq.Values, s => Assert.Equal(0UL, s.UplinkReconnects));
        Assert.Equal((ulong)before.Bytes, fixture.StatusBySeq[1].OutboxBytes); // the first batch is cut from exactly the appended items
        var sizes = fixture.StatusBySeq.OrderBy(p => p.Key).Select(p => p.Value.OutboxBytes!.Value).ToArray();
        Assert.Equal(sizes.Order(), sizes); // each cut batch is charged too, until its ack deletes it
        Assert.True(sizes[^1] > sizes[0]);
        Assert.All(fixture.StatusBySeq.Values, s => Assert.Null(s.ConnectedDevices)); // no device broker behind this uplink: not claimed
    }

    [Fact]
    public async Task The_gateway_reports_its_connected_devices_and_uplink_reconnects()
    {
        await using var gateway = new TestGateway(devices: 2);
        WiringClock.Relax(gateway.Options);
        gateway.Options.Batching.StatusInterval = TimeSpan.FromSeconds(5);
        var time = WiringClock.Create();
        await using var fixture = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File);
        await fixture.StartAsync();
        var node = gateway.CreateNode(fixture.Url, time, random: TestSeed.Random(81));
        await node.StartAsync(TestContext.Current.CancellationToken);
        void Step() => time.Advance(TimeSpan.FromMilliseconds(500));
        bool Reported(Func<GatewayStatus, bool> match) => fixture.StatusBySeq.OrderBy(p => p.Key).LastOrDefault().Value is { } last && match(last);

        await Eventually.TrueAsync(() => Reported(s => s.ConnectedDevices == 0), "a status with no device connected", step: Step);
        var first = gateway.File.Devices[0];
        var second = gateway.File.Devices[1];
        var (a, _) = await DeviceClient.ConnectAsync(gateway.Options.DeviceBroker.Port, first.DeviceId, first.DeviceId, first.BrokerCredential);
        using var _a = a;
        var (b, _) = await DeviceClient.ConnectAsync(gateway.Options.DeviceBroker.Port, second.DeviceId, second.DeviceId, second.BrokerCredential);
        using (b)
        {
            // MQTTnet may answer CONNACK before its connected event has run: the count follows soon after, not at once.
            await Eventually.TrueAsync(() => node.Broker.ConnectedDevices == 2, "the broker counts both devices");
            await Eventually.TrueAsync(() => Reported(s => s.ConnectedDevices == 2), "a status with both devices connected", step: Step);
            await b.DisconnectAsync(cancellationToken: TestContext.Current.CancellationToken);
        }

        await Eventually.TrueAsync(() => node.Broker.ConnectedDevices == 1, "the broker sees the second device leave");
        await Eventually.TrueAsync(() => Reported(s => s.ConnectedDevices == 1), "a status with one device connected", step: Step);
        Assert.All(fixture.StatusBySeq.Values, s => Assert.Equal(0UL, s.UplinkReconnects));

        await fixture.StopAsync(); // an outage: the uplink connects again when the broker is back
        await Eventually.TrueAsync(() => !node.Uplink.IsConnected, "the uplink notices the outage");
        await fixture.StartAsync();
        await Eventually.TrueAsync(() => Reported(s => s.UplinkReconnects == 1), "a status counting one reconnect", step: Step);
        Assert.Equal(2, node.Uplink.Events[UplinkEvent.Connected]);
        Assert.Equal(1UL, fixture.StatusBySeq.OrderBy(p => p.Key).Last().Value.ConnectedDevices);
    }

    [Fact]
    public async Task With_extended_status_off_the_gateway_sends_the_v1_status_an_older_coordinator_reads()
    {
        await using var gateway = new TestGateway(devices: 1);
        WiringClock.Relax(gateway.Options);
        gateway.Options.Batching.ExtendedStatus = false;
        var time = WiringClock.Create();
        var outbox = gateway.OpenOutbox(time);
        var (bytes, readings) = TestFrames.Summary(gateway.KeyOf(0), gateway.IdOf(0), 1, 1);
        await outbox.AppendFrameAsync(TestFrames.Decode(bytes), bytes, readings, TestContext.Current.CancellationToken);
        await using var fixture = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File);
        await fixture.StartAsync();
        gateway.StartUplink(outbox, fixture.Url, time, TestSeed.Random(3));
        await Eventually.TrueAsync(() => !fixture.StatusBySeq.IsEmpty, "a batch received", step: () => time.Advance(TimeSpan.FromMilliseconds(250)));

        var status = fixture.StatusBySeq[1];
        Assert.False(status.IsExtended);
        Assert.Equal(new GatewayStatus(status.IdleCpuPermille, status.FreeMemoryBytes, 0), status);
    }
}
