using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Gateway.Tests.Fixtures;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Sequencing;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeCompute.Gateway.Tests.Crash;

/// <summary>
/// The gateway PROCESS (the real <c>edgecompute-gateway</c> service, configured by <c>EDGECOMPUTE_*</c> variables as
/// under systemd) is killed with SIGKILL while devices are publishing, then restarted on the same data folder.
/// Claim under test: a PUBACK to a device means the frame is durable — it reaches the coordinator, exactly once, with
/// its bytes unchanged — whatever happens to the gateway process afterwards.
/// </summary>
/// <remarks>
/// Variant chosen: the uplink points at the coordinator fixture from the start, but the fixture DROPS EVERY ACK until
/// the restart. So before the kill the gateway sends batches that the coordinator commits but never acknowledges: the
/// outbox must keep every one of them (sent, unacked) plus every item not yet batched. This proves more than an
/// unreachable uplink would: (a) the restarted process resends the pre-kill batches unchanged (same boot/seq/bytes, so
/// the coordinator sees duplicates, not conflicts), (b) frames PUBACKed but not yet batched at the kill come back from
/// the outbox's pending items under the new boot, and (c) the coordinator's duplicate rule plus the gateway's keep
/// everything stored once although the same frames travel twice. Frames that were in flight at the kill (no PUBACK)
/// are re-published after the restart, as a device with an unacknowledged QoS 1 publish does; some of them were
/// already durable (PUBACK lost with the process), which exercises the gateway's own duplicate path as well.
/// SIGKILL keeps the kernel's page cache, so this tests the process crash, not a power cut (fsync is not exercised).
/// </remarks>
public sealed class GatewayKillTests
{
    private const int Devices = 4;
    private const int AckedBeforeKill = 200;
    private const int InFlightPerDevice = 8;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sigkill_between_frames_loses_nothing_acknowledged_and_stores_nothing_twice()
    {
        var fleet = FleetProvisioner.Create(new FleetSpec(1, 1, Devices));
        var gateway = fleet.Gateways[0];
        var folder = Directory.CreateTempSubdirectory("ec-gw-crash-").FullName;
        var gatewayFile = Path.Combine(folder, "gateway.json");
        FleetFiles.WriteGateway(gateway, gatewayFile);
        var dataFolder = Path.Combine(folder, "data");
        var devicePort = FreePort.Next();
        await using var fixture = new CoordinatorIngestFixture(fleet.Coordinator, gateway) { DropNextAcks = int.MaxValue };
        await fixture.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["EDGECOMPUTE_GatewayOptions__GatewayFile"] = gatewayFile,
            ["EDGECOMPUTE_GatewayOptions__DataFolder"] = dataFolder,
            ["EDGECOMPUTE_GatewayOptions__DeviceBroker__BindAddress"] = "127.0.0.1",
            ["EDGECOMPUTE_GatewayOptions__DeviceBroker__Port"] = devicePort.ToString(CultureInfo.InvariantCulture),
            ["EDGECOMPUTE_GatewayOptions__DeviceBroker__RatePerSecond"] = "100000", // durability, not rate limits, is under test
            ["EDGECOMPUTE_GatewayOptions__DeviceBroker__RateBurst"] = "1000000",
            ["EDGECOMPUTE_GatewayOptions__Uplink__BrokerUrl"] = fixture.Url,
            ["EDGECOMPUTE_GatewayOptions__Uplink__ResendTimeout"] = "00:00:01", // the restarted gateway resends pre-kill batches soon
            ["EDGECOMPUTE_GatewayOptions__Batching__MaxAge"] = "00:00:00.2", // batches leave before the kill
            ["EDGECOMPUTE_Logging__LogLevel__Default"] = "Information",
            ["EDGECOMPUTE_Logging__LogLevel__MQTTnet"] = "Warning",
        };

        var frames = new ConcurrentDictionary<(string Device, uint Seq), SentFrame>();
        var log = TestContext.Current.TestOutputHelper;
        GatewayProcess? first = null;
        GatewayProcess? second = null;
        try
        {
            // 1. First life: devices publish QoS 1 concurrently (several publishes in flight per device) until 200 are PUBACKed and
            // at least one frame has reached the coordinator in a batch (which it will not acknowledge); then SIGKILL, mid-stream.
            first = GatewayProcess.Start("gateway#1", folder, environment);
            await first.WaitForPortAsync(devicePort, Generous);
            var counters = new PublishCounters();
            using var stopPublishing = new CancellationTokenSource();
            var publishers = Enumerable.Range(0, Devices)
                .Select(d => PublishUntilStoppedAsync(fleet, d, devicePort, frames, counters, stopPublishing.Token))
                .ToArray();
            await Eventually.TrueAsync(
                () => Volatile.Read(ref counters.Acked) >= AckedBeforeKill && fixture.FramesStored > 0 || publishers.Any(p => p.IsCompleted) || first.HasExited,
                $"{AckedBeforeKill} frames PUBACKed and a batch at the coordinator",
                Generous);
            Assert.False(first.HasExited, "the gateway died before the kill");
            Assert.DoesNotContain(publishers, p => p.IsFaulted);

            var ackedAtKill = Volatile.Read(ref counters.Acked);
            var inFlightAtKill = Volatile.Read(ref counters.Started) - Volatile.Read(ref counters.Completed);
            first.KillAbruptly();
            await stopPublishing.CancelAsync();
            await Task.WhenAll(publishers); // in-flight publishes end with the connection; a PUBACK already on the wire still counts

            var storedAtKill = fixture.StoredFrameHashes();
            var batchesBeforeRestart = fixture.Received.ToArray();
            var acked = frames.Where(f => f.Value.Acked).Select(f => f.Key).ToHashSet();
            var unacked = frames.Where(f => !f.Value.Acked).Select(f => f.Key).ToList();
            var ackedNotYetAtCoordinator = acked.Count(k => !storedAtKill.ContainsKey(Key(k)));
            Assert.True(acked.Count >= AckedBeforeKill, $"only {acked.Count} frames PUBACKed");

            // 2. Second life on the same data folder, acks flowing. Devices re-publish what never got a PUBACK, as devices do.
            fixture.DropNextAcks = 0;
            second = GatewayProcess.Start("gateway#2", folder, environment);
            await second.WaitForPortAsync(devicePort, Generous);
            await RepublishAsync(fleet, devicePort, frames, unacked);

            // 3. Wait (by counts) until the coordinator holds every frame and every pre-kill batch came back from the outbox.
            // On a timeout the assertions below name what is missing.
            var preKillBatches = batchesBeforeRestart.ToHashSet();
            bool PreKillBatchesResent() => preKillBatches.IsSubsetOf(fixture.Received.Skip(batchesBeforeRestart.Length));
            await WaitAsync(
                () => frames.Keys.All(k => fixture.HasFrame(k.Device, 1, k.Seq)) && PreKillBatchesResent() || second.HasExited,
                Generous);
            Assert.False(second.HasExited, "the restarted gateway died");
            Assert.True(PreKillBatchesResent(), $"the restarted gateway did not resend every pre-kill batch: sent before {string.Join(", ", preKillBatches)}; received after the restart {string.Join(", ", fixture.Received.Skip(batchesBeforeRestart.Length))}");
            Assert.Equal(0, await second.StopAsync(Generous));

            // 4. The outbox itself: two process lives opened it (boots 1 and 2); this open is the third.
            long outboxPending;
            long outboxUnacked;
            uint boot;
            await using (var outbox = OutboxStore.Open(Path.Combine(dataFolder, new OutboxOptions().FileName), new OutboxOptions()))
            {
                (boot, outboxPending, outboxUnacked) = (outbox.Boot, outbox.PendingItems, outbox.UnackedBatches);
            }

            var stored = fixture.StoredFrameHashes();
            var batchBoots = fixture.Received.Select(b => b.Boot).Distinct().Order().ToArray();
            log?.WriteLine($"PUBACKed when SIGKILL was sent: {ackedAtKill}; publishes in flight then: {inFlightAtKill}; PUBACKed in all (incl. acks already on the wire): {acked.Count}");
            log?.WriteLine($"PUBACKed but not yet at the coordinator at the kill (came back from the outbox's pending items): {ackedNotYetAtCoordinator}");
            log?.WriteLine($"frames without PUBACK, re-published after the restart: {unacked.Count}");
            log?.WriteLine($"pre-kill batches (committed, never acked) resent by the restarted gateway: {preKillBatches.Count}; batch boots seen: [{string.Join(", ", batchBoots)}]");
            log?.WriteLine($"coordinator: frames stored {stored.Count} of {frames.Count} published, frame duplicates {fixture.FrameDuplicates}, batches received {fixture.BatchesReceived}, stored {fixture.BatchesStored}, duplicates {fixture.BatchDuplicates}, conflicts {fixture.BatchConflicts}, refused {fixture.BatchesRefused}, acks {fixture.AcksSent}");
            log?.WriteLine($"outbox after a clean stop: boot {boot} (this open), pending items {outboxPending}, unacked batches {outboxUnacked}");

            // Nothing PUBACKed is lost, and it is stored with its bytes unchanged.
            var lost = acked.Where(k => !stored.ContainsKey(Key(k))).OrderBy(k => k.Device, StringComparer.Ordinal).ThenBy(k => k.Seq).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} PUBACKed frames never stored (of them {lost.Count(k => !storedAtKill.ContainsKey(Key(k)))} not at the coordinator at the kill): {string.Join(", ", lost.Take(20).Select(k => $"{k.Device}/{k.Seq}"))}");
            foreach (var key in acked)
            {
                Assert.Equal(SHA256.HashData(frames[key].Bytes), stored[Key(key)]);
            }

            // Everything stored is a frame a device sent, with its bytes, counted once; after the re-publish nothing is missing.
            Assert.Equal(frames.Count, stored.Count);
            foreach (var (key, hash) in stored)
            {
                Assert.True(frames.TryGetValue((key.Sender, (uint)key.Seq), out var sent), $"stored frame {key} was never sent");
                Assert.Equal(1u, key.Boot);
                Assert.Equal(SHA256.HashData(sent.Bytes), hash);
            }

            Assert.Equal(frames.Values.Sum(f => f.Readings), fixture.ReadingsStored); // each frame's readings counted exactly once
            Assert.Equal(0, fixture.BatchConflicts); // no (gateway, boot, seq) ever reused for other bytes across the crash
            Assert.Equal(0, fixture.BatchesRefused);
            Assert.True(fixture.BatchDuplicates >= preKillBatches.Count, "the pre-kill batches were resent unchanged (duplicates, not new batches)");
            Assert.True(ackedNotYetAtCoordinator > 0, "no PUBACKed frame was still only in the outbox at the kill; the pending-item path was not exercised");
            Assert.Equal(3u, boot); // boot counter: 1 for the killed life, 2 for the restarted one
            Assert.Equal([1u, 2u], batchBoots); // the restarted gateway cut its own batches under the new boot
        }
        catch (Exception e) when (e is not OperationCanceledException || !TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"{e}{Environment.NewLine}--- gateway output ---{Environment.NewLine}{first?.Output}{Environment.NewLine}{second?.Output}");
        }
        finally
        {
            first?.Dispose();
            second?.Dispose();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // a leftover temp folder is harmless
            }
        }
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private static async Task PublishUntilStoppedAsync(
        ProvisionedFleet fleet, int device, int port, ConcurrentDictionary<(string, uint), SentFrame> frames, PublishCounters counters, CancellationToken stop)
    {
        var id = fleet.Devices[device].DeviceId;
        var key = fleet.Devices[device].GetKey();
        var (client, connected) = await DeviceClient.ConnectAsync(port, id, id, DeviceCredential.Derive(key));
        using var _ = client;
        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
        using var window = new SemaphoreSlim(InFlightPerDevice);
        var inFlight = new List<Task>();
        uint seq = 0;
        try
        {
            while (client.IsConnected)
            {
                await window.WaitAsync(stop);
                seq++;
                var (bytes, readings) = TestFrames.Summary(key, id, 1, seq, samplesPerChannel: 1 + (int)(seq % 60));
                var frame = new SentFrame(bytes, readings);
                frames[(id, seq)] = frame;
                Interlocked.Increment(ref counters.Started);
                inFlight.Add(PublishOneAsync(client, id, frame, window, counters));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the gateway was killed; what is in flight ends with the connection
        }

        await Task.WhenAll(inFlight);
    }

    private static async Task PublishOneAsync(IMqttClient client, string id, SentFrame frame, SemaphoreSlim window, PublishCounters counters)
    {
        try
        {
            var result = await client.PublishAsync(Message(id, frame.Bytes), CancellationToken.None);
            if (result.ReasonCode == MqttClientPublishReasonCode.Success)
            {
                frame.Acked = true;
                Interlocked.Increment(ref counters.Acked);
            }
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            // no PUBACK: the process died under it
        }
        finally
        {
            Interlocked.Increment(ref counters.Completed);
            window.Release();
        }
    }

    private static async Task RepublishAsync(ProvisionedFleet fleet, int port, ConcurrentDictionary<(string Device, uint Seq), SentFrame> frames, List<(string Device, uint Seq)> unacked)
    {
        foreach (var group in unacked.GroupBy(k => k.Device))
        {
            var key = fleet.Devices.Single(d => d.DeviceId == group.Key).GetKey();
            var (client, connected) = await DeviceClient.ConnectAsync(port, group.Key, group.Key, DeviceCredential.Derive(key));
            using var _ = client;
            Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
            foreach (var frameKey in group.OrderBy(k => k.Seq))
            {
                var result = await client.PublishAsync(Message(group.Key, frames[frameKey].Bytes), TestContext.Current.CancellationToken);
                Assert.Equal(MqttClientPublishReasonCode.Success, result.ReasonCode); // a frame already durable is a duplicate, acknowledged too
            }

            await client.DisconnectAsync(cancellationToken: TestContext.Current.CancellationToken);
        }
    }

    private static MqttApplicationMessage Message(string deviceId, byte[] bytes) =>
        new MqttApplicationMessageBuilder().WithTopic(DeviceClient.Tel(deviceId)).WithPayload(bytes).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    private static SequenceKey Key((string Device, uint Seq) frame) => new(frame.Device, 1, frame.Seq);

    private sealed class SentFrame(byte[] bytes, long readings)
    {
        private volatile bool _acked;

        public byte[] Bytes { get; } = bytes;

        public long Readings { get; } = readings;

        public bool Acked
        {
            get => _acked;
            set => _acked = value;
        }
    }

    private sealed class PublishCounters
    {
        public long Started;
        public long Completed;
        public long Acked;
    }
}
