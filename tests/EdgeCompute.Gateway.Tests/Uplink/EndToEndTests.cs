using EdgeCompute.Gateway.Tests.Fixtures;
using EdgeCompute.Gateway.Tests.Support;
using MQTTnet;

namespace EdgeCompute.Gateway.Tests.Uplink;

public sealed class EndToEndTests
{
    [Fact]
    public async Task Readings_stored_by_the_coordinator_fixture_equal_readings_sent_by_devices()
    {
        const int Devices = 8;
        const uint FramesPerDevice = 50;
        await using var gateway = new TestGateway(Devices);
        gateway.Options.Batching.MaxAge = TimeSpan.FromMilliseconds(50);
        gateway.Options.Batching.MaxItems = 100;
        var outbox = gateway.OpenOutbox();
        await gateway.StartBrokerAsync(outbox);
        await using var fixture = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File) { DropNextAcks = 2 };
        await fixture.StartAsync();
        gateway.Options.Uplink.ResendTimeout = TimeSpan.FromMilliseconds(500);
        gateway.StartUplink(outbox, fixture.Url);

        long sent = 0;
        var devices = Enumerable.Range(0, Devices).Select(async d =>
        {
            var entry = gateway.File.Devices[d];
            var (client, _) = await DeviceClient.ConnectAsync(gateway.Options.DeviceBroker.Port, entry.DeviceId, entry.DeviceId, entry.BrokerCredential);
            using var _c = client;
            for (uint seq = 1; seq <= FramesPerDevice; seq++)
            {
                var (bytes, readings) = TestFrames.Summary(gateway.KeyOf(d), entry.DeviceId, 1, seq, samplesPerChannel: 1 + (int)(seq % 60));
                var result = await DeviceClient.PublishAsync(client, DeviceClient.Tel(entry.DeviceId), bytes);
                Assert.Equal(MqttClientPublishReasonCode.Success, result.ReasonCode);
                Interlocked.Add(ref sent, readings);
            }
        });
        await Task.WhenAll(devices);

        // Every device left at the end, so its offline state goes upstream after its frames.
        await Eventually.TrueAsync(
            () => fixture.FramesStored == Devices * FramesPerDevice && fixture.States.Where(s => !s.Online).Select(s => s.DeviceId).Distinct().Count() == Devices
                && outbox.PendingItems == 0 && outbox.UnackedBatches == 0,
            "every frame and every leaving stored and acked", TimeSpan.FromSeconds(30));
        Assert.Equal(Interlocked.Read(ref sent), fixture.ReadingsStored);
        Assert.Equal(0, outbox.PendingItems);
        Assert.Empty(fixture.Gaps);
        Assert.NotEmpty(fixture.Statuses);
    }
}
