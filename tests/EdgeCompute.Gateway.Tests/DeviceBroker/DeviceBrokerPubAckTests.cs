using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Batches;
using MQTTnet;

namespace EdgeCompute.Gateway.Tests.DeviceBroker;

/// <summary>When a device's QoS 1 PUBACK goes: only after its frame's commit, without holding the device's next frames back.</summary>
public sealed class DeviceBrokerPubAckTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_devices_next_frames_reach_the_outbox_while_the_first_waits_for_its_commit_and_none_is_acknowledged_before_it()
    {
        await using var gateway = new TestGateway(devices: 1);
        var outbox = gateway.OpenOutbox();
        await gateway.StartBrokerAsync(outbox);
        var me = gateway.File.Devices[0];
        var (client, _) = await DeviceClient.ConnectAsync(gateway.Options.DeviceBroker.Port, me.DeviceId, me.DeviceId, me.BrokerCredential);
        using var _c = client;

        // The writer is held inside a transaction (a batch being sealed), so no frame can commit yet.
        using var writerHeld = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        var cut = outbox.CutBatchAsync(1 << 20, 100, allowEmpty: true, (_, _, _) => { writerHeld.Release(); release.Wait(Ct); return [0]; }, Ct);
        await writerHeld.WaitAsync(Ct);

        List<Task<MqttClientPublishResult>> publishes;
        try
        {
            publishes = Enumerable.Range(1, 3)
                .Select(seq => DeviceClient.PublishAsync(client, DeviceClient.Tel(me.DeviceId), TestFrames.Summary(gateway.KeyOf(0), me.DeviceId, 1, (uint)seq).Bytes))
                .ToList();
            await Eventually.TrueAsync(() => outbox.QueuedOperations == 3, "all three frames queued for the writer while it is held");
            Assert.DoesNotContain(publishes, p => p.IsCompleted);
        }
        finally
        {
            release.Release();
        }

        await cut;
        var results = await Task.WhenAll(publishes);
        Assert.All(results, r => Assert.Equal(MqttClientPublishReasonCode.Success, r.ReasonCode));

        var items = new List<BatchItem>();
        await outbox.CutBatchAsync(1 << 20, 100, allowEmpty: false, (_, _, batch) => { items.AddRange(batch); return [0]; }, Ct);
        Assert.Equal([1UL, 2UL, 3UL], items.Select(i => (ulong)TestFrames.Decode(Assert.IsType<DeviceFrameItem>(i).Frame.ToArray()).Seq));
    }
}
