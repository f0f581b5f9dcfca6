using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Batches;
using MQTTnet;

namespace EdgeCompute.Gateway.Tests.DeviceBroker;

public sealed class DeviceBrokerPresenceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_device_that_leaves_with_a_clean_disconnect_goes_upstream_as_offline_and_a_takeover_does_not()
    {
        await using var gateway = new TestGateway(devices: 2);
        var outbox = gateway.OpenOutbox();
        await gateway.StartBrokerAsync(outbox);
        var port = gateway.Options.DeviceBroker.Port;
        var me = gateway.File.Devices[0];

        // The same device connects twice: the second connection takes the first over (no offline for that).
        var (first, _) = await DeviceClient.ConnectAsync(port, me.DeviceId, me.DeviceId, me.BrokerCredential);
        using var _f = first;
        var (second, connected) = await DeviceClient.ConnectAsync(port, me.DeviceId, me.DeviceId, me.BrokerCredential);
        using var _s = second;
        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);

        // A clean DISCONNECT carries no will: the gateway itself says the device left.
        await second.DisconnectAsync(cancellationToken: Ct);
        for (var i = 0; i < 500 && outbox.PendingItems == 0; i++)
        {
            await Task.Delay(10, Ct);
        }

        var items = new List<BatchItem>();
        await outbox.CutBatchAsync(1 << 20, 100, allowEmpty: false, (_, _, batch) => { items.AddRange(batch); return [0]; }, Ct);
        var state = Assert.IsType<DeviceStateItem>(Assert.Single(items));
        Assert.Equal(me.DeviceId, state.DeviceId);
        Assert.False(state.Online);
    }
}
