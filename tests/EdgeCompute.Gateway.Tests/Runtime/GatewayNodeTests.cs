using System.Buffers;
using System.Net;
using System.Net.Sockets;
using EdgeCompute.Gateway.Dispatch;
using EdgeCompute.Gateway.Ingest;
using EdgeCompute.Gateway.Runtime;
using EdgeCompute.Gateway.Tests.Fixtures;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Gateway.Uplink;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Protocol.Topics;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeCompute.Gateway.Tests.Runtime;

public sealed class GatewayNodeTests
{
    [Fact]
    public async Task Starts_ingests_a_device_frame_into_the_coordinator_fixture_and_stops_cleanly()
    {
        await using var gateway = new TestGateway(devices: 2);
        gateway.Options.Batching.MaxAge = TimeSpan.FromMilliseconds(50);
        await using var fixture = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File);
        await fixture.StartAsync();
        var node = gateway.CreateNode(fixture.Url);

        await node.StartAsync(TestContext.Current.CancellationToken);
        Assert.True(node.IsRunning);
        var entry = gateway.File.Devices[0];
        var (client, _) = await DeviceClient.ConnectAsync(gateway.Options.DeviceBroker.Port, entry.DeviceId, entry.DeviceId, entry.BrokerCredential);
        using (client)
        {
            var (frame, readings) = TestFrames.Summary(gateway.KeyOf(0), entry.DeviceId, boot: 1, seq: 1);
            var published = await DeviceClient.PublishAsync(client, DeviceClient.Tel(entry.DeviceId), frame);
            Assert.Equal(MqttClientPublishReasonCode.Success, published.ReasonCode);

            await Eventually.TrueAsync(() => fixture.HasFrame(entry.DeviceId, 1, 1) && node.Outbox.UnackedBatches == 0, "the frame is stored upstream and its batch acked");
            Assert.Equal(readings, fixture.ReadingsStored);
        }

        // The device left: its offline state goes upstream too, and then nothing is pending.
        await Eventually.TrueAsync(
            () => fixture.States.Any(s => s.DeviceId == entry.DeviceId && !s.Online) && node.Outbox.PendingItems == 0 && node.Outbox.UnackedBatches == 0,
            "the device's leaving is stored upstream");
        var counters = node.Counters();
        Assert.Equal(1, counters.Ingest[IngestOutcome.Stored]);
        Assert.True(counters.Uplink[UplinkEvent.AckAccepted] >= 1);
        Assert.True(counters.Outbox.Acknowledged >= 1);
        Assert.Equal(0, counters.Outbox.PendingItems);

        await node.StopAsync(TestContext.Current.CancellationToken);

        Assert.False(node.IsRunning);
        await using var reopened = gateway.OpenOutbox();
        Assert.Equal(2u, reopened.Boot);
        Assert.Equal(0, reopened.UnackedBatches);
    }

    [Fact]
    public async Task Delivers_a_signed_coordinator_task_from_the_central_broker_to_its_device()
    {
        await using var gateway = new TestGateway(devices: 1);
        await using var fixture = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File);
        await fixture.StartAsync();
        var node = gateway.CreateNode(fixture.Url);
        await node.StartAsync(TestContext.Current.CancellationToken);
        var entry = gateway.File.Devices[0];
        var (client, _) = await DeviceClient.ConnectAsync(gateway.Options.DeviceBroker.Port, entry.DeviceId, entry.DeviceId, entry.BrokerCredential);
        using var _c = client;
        var received = new List<byte[]>();
        client.ApplicationMessageReceivedAsync += e =>
        {
            lock (received)
            {
                received.Add(e.ApplicationMessage.Payload.ToArray());
            }

            return Task.CompletedTask;
        };
        await client.SubscribeAsync(ProtocolTopics.Device(entry.DeviceId, DeviceTopicKind.Task), MqttQualityOfServiceLevel.AtLeastOnce, TestContext.Current.CancellationToken);
        var birth = DeviceFrameCodec.Encode(DeviceFrameMac.Seal(
            gateway.KeyOf(0), entry.DeviceId, 1, 0, FrameType.Birth, DeviceBirthCodec.Encode(new DeviceBirth("0.1.0", "sim", ["mc.pi"], 327_680, 240, []))));
        await DeviceClient.PublishAsync(client, ProtocolTopics.Device(entry.DeviceId, DeviceTopicKind.Birth), birth, retain: true);
        await DeviceClient.PublishAsync(client, ProtocolTopics.Device(entry.DeviceId, DeviceTopicKind.State), StatePayload.Encode(ConnectionState.Online), retain: true);
        await Eventually.TrueAsync(() => node.Uplink.IsConnected && node.Dispatcher.IsOnline(entry.DeviceId), "uplink connected and device online");
        var assignment = TaskAssignmentCodec.Encode(new TaskAssignment(
            "job-3-t1", 0, entry.DeviceId, new MonteCarloPiParameters(7, 1000), 100_000, DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds()));

        await fixture.SendTaskAsync(entry.DeviceId, assignment, forged: false);

        await Eventually.TrueAsync(() => { lock (received) { return received.Count == 1; } }, "the device receives the assignment");
        Assert.Equal(assignment, received[0]);
        Assert.Equal(1, node.Counters().Dispatch[DispatchEvent.Delivered]);
    }

    [Fact]
    public void Refuses_invalid_options_with_a_message_naming_the_setting()
    {
        var file = FleetProvisioner.Create(new FleetSpec(1, 1, 1)).Gateways[0];
        var options = new Gateway.Configuration.GatewayOptions();
        options.Batching.MaxItems = 0;

        var error = Assert.Throws<OptionsValidationException>(() => new GatewayNode(options, file));

        Assert.Contains("GatewayOptions:Batching:MaxItems", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_that_cannot_bind_its_device_port_fails_to_start_and_releases_the_outbox()
    {
        await using var gateway = new TestGateway(devices: 1);
        using var squatter = new TcpListener(IPAddress.Loopback, gateway.Options.DeviceBroker.Port);
        squatter.Start();
        var node = gateway.CreateNode("mqtt://127.0.0.1:1");

        await Assert.ThrowsAnyAsync<SocketException>(() => node.StartAsync(TestContext.Current.CancellationToken));

        Assert.False(node.IsRunning);
        await using var reopened = gateway.OpenOutbox();
        Assert.Equal(2u, reopened.Boot);
    }
}
