using EdgeCompute.Gateway.LocalStore;
using EdgeCompute.Gateway.Runtime;
using EdgeCompute.Gateway.Sensors;
using EdgeCompute.Gateway.Tests.Fixtures;
using EdgeCompute.Gateway.Tests.Sensors;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Telemetry;
using MQTTnet;

namespace EdgeCompute.Gateway.Tests.Wiring;

public sealed class TelemetryWiringTests
{
    [Fact]
    public async Task Gateway_sensor_windows_reach_the_coordinator_as_kind_2_items_and_the_local_store()
    {
        await using var gateway = new TestGateway(devices: 1);
        WiringClock.Relax(gateway.Options);
        var time = WiringClock.Create();
        await using var fixture = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File);
        await fixture.StartAsync();
        var sensors = new GatewaySensorSet(
            [FakeSensor.Counting("soc", "cpu-temp", 4000)],
            new SensorOptions { SampleInterval = TimeSpan.FromSeconds(1), WindowLength = TimeSpan.FromSeconds(10) });
        gateway.Options.Uplink.BrokerUrl = fixture.Url;
        var node = gateway.Own(new GatewayNode(gateway.Options, gateway.File, time, sensors: sensors));
        await node.StartAsync(TestContext.Current.CancellationToken);

        await Eventually.TrueAsync(
            () => !fixture.GatewayTelemetry.IsEmpty && node.Outbox.UnackedBatches == 0,
            "a gateway window stored upstream and acked",
            step: () => time.Advance(TimeSpan.FromSeconds(1)));

        Assert.True(fixture.GatewayTelemetry.TryPeek(out var first));
        Assert.Equal(gateway.File.GatewayId, first.SourceId);
        Assert.Equal(TestFrames.WindowStartMs, first.WindowStartMs);
        Assert.Equal(10_000, first.WindowLengthMs);
        Assert.Equal(new ChannelSummary("cpu-temp", "Cel", -2, 10, 4000, 4009, 4005, 8), Assert.Single(first.Channels));

        await Eventually.TrueAsync(() => node.LocalFeed!.Written >= 1, "the window written to the local store");
        var stored = node.LocalStore!.Query(new WindowQuery("cpu-temp", TestFrames.WindowStartMs, TestFrames.WindowStartMs + 1, gateway.File.GatewayId));
        Assert.Equal(first.Channels[0], Assert.Single(stored).Summary);
        Assert.Equal(0, node.Outbox.Counters().EvictedFrames);
    }

    [Fact]
    public async Task Device_window_summaries_reach_the_local_store_and_go_upstream_unchanged()
    {
        await using var gateway = new TestGateway(devices: 1);
        WiringClock.Relax(gateway.Options);
        var time = WiringClock.Create();
        await using var fixture = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File);
        await fixture.StartAsync();
        var node = gateway.CreateNode(fixture.Url, time);
        await node.StartAsync(TestContext.Current.CancellationToken);
        var entry = gateway.File.Devices[0];
        var (client, _) = await DeviceClient.ConnectAsync(gateway.Options.DeviceBroker.Port, entry.DeviceId, entry.DeviceId, entry.BrokerCredential);
        using var _c = client;

        var (frame, _) = TestFrames.Summary(gateway.KeyOf(0), entry.DeviceId, boot: 1, seq: 1);
        var published = await DeviceClient.PublishAsync(client, DeviceClient.Tel(entry.DeviceId), frame);
        Assert.Equal(MqttClientPublishReasonCode.Success, published.ReasonCode);

        await Eventually.TrueAsync(() => node.LocalFeed!.Written >= 1, "the device window written to the local store");
        var expected = WindowSummaryCodec.Decode(TestFrames.Decode(frame).Body).Value;
        foreach (var channel in expected.Channels)
        {
            var stored = Assert.Single(node.LocalStore!.Query(new WindowQuery(channel.Channel, 0, long.MaxValue, entry.DeviceId)));
            Assert.Equal(expected.WindowStartMs, stored.WindowStartMs);
            Assert.Equal(channel, stored.Summary);
        }

        await Eventually.TrueAsync(
            () => fixture.HasFrame(entry.DeviceId, 1, 1),
            "the frame stored upstream",
            step: () => time.Advance(TimeSpan.FromMilliseconds(250)));
    }

    [Fact]
    public async Task The_local_store_is_pruned_on_the_clock_past_its_retention()
    {
        await using var gateway = new TestGateway(devices: 1);
        var time = WiringClock.Create();
        var options = gateway.Options.LocalStore;
        options.Retention = TimeSpan.FromHours(1);
        using var store = new LocalWindowStore(options.ToStoreOptions(gateway.Folder), time);
        await using var feed = new LocalStoreFeed(store, TimeSpan.FromMinutes(10), time, new RecordingLogger<LocalStoreFeed>());
        var channel = ChannelSummary.FromSamples("temp", "Cel", -2, [2000, 2010]);
        feed.Post(new WindowSummary("gw-01", TestFrames.WindowStartMs, 60_000, [channel]));
        await Eventually.TrueAsync(() => feed.Written == 1, "the window written");
        Assert.Single(store.Query(new WindowQuery("temp", 0, long.MaxValue)));

        time.Advance(TimeSpan.FromMinutes(50)); // five prune runs, all inside the retention
        Assert.Single(store.Query(new WindowQuery("temp", 0, long.MaxValue)));

        time.Advance(TimeSpan.FromMinutes(20)); // the window is now 70 minutes old
        await Eventually.TrueAsync(() => store.Query(new WindowQuery("temp", 0, long.MaxValue)).Count == 0, "the window pruned by the timer");
    }
}
