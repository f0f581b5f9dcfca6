using System.Collections.Concurrent;
using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Gateway.Uplink;
using EdgeCompute.Integration.Tests.Services;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Topics;
using EdgeCompute.Tests;
using MQTTnet;

namespace EdgeCompute.Integration.Tests.Hostile;

/// <summary>
/// 100,000 random and mutated messages at a running coordinator's embedded broker, on the batch topic and around it,
/// while a real gateway with honest simulated devices keeps uplinking.
/// </summary>
/// <remarks>
/// The attacker holds one gateway's broker password. Mostly it lacks the gateway's signing key (captured batches replayed,
/// bit-flipped, truncated, extended; random bytes; foreign keys; wrong topics; oversized messages); some streams use the key
/// too (a compromised gateway): decompression bombs and conflicting batches. Which counter proves each refusal:
/// <list type="bullet">
/// <item>refused by the broker (another gateway's or a foreign topic; a message above the 1 MiB batch limit):
///   <see cref="CentralBrokerServer.Refusals"/> <see cref="BrokerRefusal.PublishNotAllowed"/>/<see cref="BrokerRefusal.PayloadTooLarge"/>;</item>
/// <item>refused by the ingest: <see cref="IngestCounters.Batches"/> under its reason (BadSignature, Malformed for limits and
///   bombs, TopicMismatch, Conflict — the last acked as <c>rejected</c>);</item>
/// <item>an exact replay of a stored batch: <see cref="IngestOutcome.Duplicate"/> — acked again, stored once.</item>
/// </list>
/// So the refusal counters (everything but <see cref="IngestOutcome.Stored"/>) grow by exactly the number of hostile
/// messages, plus the honest gateway's own resends (which its uplink counts as <see cref="UplinkEvent.BatchResent"/>).
/// </remarks>
public sealed class CoordinatorHostileInputTests
{
    private const int HostileMessages = 100_000;
    private const int CapturedBatches = 40;

    private static readonly (string Kind, int Weight)[] Kinds =
    [
        ("random-bytes", 24), ("flipped-bits", 24), ("truncated", 10), ("extended", 6), ("replayed", 2), ("other-gateways-up", 5),
        ("forbidden-topic", 5), ("garbage-topic", 3), ("envelope-names-other-gateway", 3), ("foreign-key", 3), ("conflicting", 1),
        ("bomb-unsigned", 2), ("bomb-declared-huge", 2), ("bomb-lying-length", 2), ("bomb-deflate-lying-length", 1),
    ];

    [Fact]
    public async Task Every_hostile_message_at_the_batch_topic_is_refused_and_counted_while_honest_batches_are_all_stored()
    {
        var seed = TestSeed.Pick(20261207);
        var random = new Random(seed);
        var output = TestContext.Current.TestOutputHelper!;
        var provisioned = FleetProvisioner.Create(new FleetSpec(2, 2, 6));
        var fleet = new TestFleet("", provisioned.Coordinator, provisioned.Gateways, provisioned.Devices);
        var (honestGateway, stolen) = (fleet.Gateways[0], fleet.Gateways[1]);

        await using var network = await LocalNetwork.StartAsync(fleet);
        var gateway = await network.StartGatewayAsync(honestGateway, o => o.Uplink.ResendTimeout = TimeSpan.FromMinutes(2));
        var devices = network.Devices(fleet.DevicesOf(honestGateway.GatewayId), seed);
        using var stopDevices = new CancellationTokenSource();
        var simulation = devices.RunAsync(Timeout.InfiniteTimeSpan, stopDevices.Token);
        var coordinator = network.Coordinator;
        await Eventually.TrueAsync(() => coordinator.Ingestor.Counters.Batches(IngestOutcome.Stored) >= 3, "the honest gateway uplinking");

        // captured traffic: valid batches of the stolen gateway's devices, sealed with its key; sent once as good traffic
        using var stolenKey = P256Keys.ImportPrivateKey(stolen.PrivateKey);
        using var honestKey = P256Keys.ImportPrivateKey(honestGateway.PrivateKey);
        var stolenDevices = fleet.DevicesOf(stolen.GatewayId);
        long capturedReadings = 0;
        var captured = Enumerable.Range(1, CapturedBatches).Select(seq =>
        {
            var frames = Enumerable.Range(0, random.Next(1, 6)).Select(i =>
            {
                var (bytes, readings) = CapturedTraffic.Summary(random, stolenDevices[i % stolenDevices.Count], 1, (uint)((seq * 10) + i));
                capturedReadings += readings;
                return bytes;
            }).ToArray();
            return CapturedTraffic.Batch(stolen, stolenKey, 1, (ulong)seq, frames);
        }).ToArray();
        var up = ProtocolTopics.Gateway(stolen.GatewayId, GatewayTopicKind.Up);
        using var attacker = new HostileClient(network.BrokerPort, stolen.GatewayId, stolen.BrokerUsername, stolen.BrokerPassword);
        await attacker.ConnectAsync();
        await attacker.PublishAllAsync(captured.Select(c => new HostilePayload("captured", up, c)));
        Assert.Equal(CapturedBatches, attacker.ReasonCodes.GetValueOrDefault(MqttClientPublishReasonCode.Success));
        attacker.ReasonCodes.Clear();

        var noise = Enumerable.Range(0, 20).Select(_ => new[] { CapturedTraffic.Summary(random, stolenDevices[0], 2, (uint)random.Next()).Bytes }).ToArray();
        var otherGatewayEnvelopes = noise.Select((f, i) => CapturedTraffic.Batch(honestGateway, stolenKey, 1, (ulong)(500 + i), f)).ToArray();
        var foreignKeyBatches = noise.Select((f, i) => { using var k = P256Keys.Generate(); return CapturedTraffic.Batch(stolen, k, 1, (ulong)(600 + i), f); }).ToArray();
        var conflicting = noise.Select((f, i) => CapturedTraffic.Batch(stolen, stolenKey, 1, (ulong)(1 + i), f)).ToArray();
        var brotliBomb = Bombs.Compress(BatchCodec.Brotli);
        var deflateBomb = Bombs.Compress(BatchCodec.Deflate);
        using var anyKey = P256Keys.Generate();
        var bombs = new Dictionary<string, byte[]>
        {
            ["bomb-unsigned"] = Bombs.Envelope(stolen.GatewayId, 900, BatchCodec.Brotli, brotliBomb, Bombs.ExpandedBytes, anyKey),
            ["bomb-declared-huge"] = Bombs.Envelope(stolen.GatewayId, 901, BatchCodec.Brotli, brotliBomb, Bombs.ExpandedBytes, stolenKey),
            ["bomb-lying-length"] = Bombs.Envelope(stolen.GatewayId, 902, BatchCodec.Brotli, brotliBomb, (uint)(ProtocolLimits.MaxExpansionRatio * brotliBomb.Length), stolenKey),
            ["bomb-deflate-lying-length"] = Bombs.Envelope(stolen.GatewayId, 903, BatchCodec.Deflate, deflateBomb, 1 << 20, stolenKey),
        };
        output.WriteLine($"bombs: brotli {brotliBomb.Length} B and deflate {deflateBomb.Length} B, each expanding to {Bombs.ExpandedBytes} B");
        string[] forbidden =
        [
            ProtocolTopics.Gateway(stolen.GatewayId, GatewayTopicKind.Ack), ProtocolTopics.Gateway(stolen.GatewayId, GatewayTopicKind.Task),
            ProtocolTopics.Gateway(honestGateway.GatewayId, GatewayTopicKind.Birth), ProtocolTopics.Device(stolenDevices[0].DeviceId, DeviceTopicKind.Tel), "ec/v1/g/gw-99/up",
        ];

        HostilePayload Next(int index)
        {
            if (index % 2_000 == 1_999)
            {
                return new("oversized", up, new byte[ProtocolLimits.MaxBatchMessageBytes + 1 + random.Next(1024)]);
            }

            var kind = Mutations.Pick(random, Kinds);
            var sample = captured[random.Next(captured.Length)];
            return kind switch
            {
                "random-bytes" => new(kind, up, Mutations.RandomBytes(random, 2_000)),
                "flipped-bits" => new(kind, up, Mutations.FlipBits(random, sample)),
                "truncated" => new(kind, up, Mutations.Truncate(random, sample)),
                "extended" => new(kind, up, Mutations.Extend(random, sample)),
                "replayed" => new(kind, up, sample),
                "other-gateways-up" => new(kind, ProtocolTopics.Gateway(honestGateway.GatewayId, GatewayTopicKind.Up), sample),
                "forbidden-topic" => new(kind, forbidden[random.Next(forbidden.Length)], sample),
                "garbage-topic" => new(kind, Mutations.GarbageTopic(random), sample),
                "envelope-names-other-gateway" => new(kind, up, otherGatewayEnvelopes[random.Next(otherGatewayEnvelopes.Length)]),
                "foreign-key" => new(kind, up, foreignKeyBatches[random.Next(foreignKeyBatches.Length)]),
                "conflicting" => new(kind, up, conflicting[random.Next(conflicting.Length)]),
                _ => new(kind, up, bombs[kind]),
            };
        }

        var counters = coordinator.Ingestor.Counters;
        var broker = coordinator.Broker!;
        long Refused() => Enum.GetValues<BrokerRefusal>().Sum(broker.Refusals)
            + Enum.GetValues<IngestOutcome>().Where(o => o != IngestOutcome.Stored).Sum(counters.Batches);
        var refusedBefore = Refused();
        var resentBefore = gateway.Uplink.Events[UplinkEvent.BatchResent];
        var byKind = new ConcurrentDictionary<string, long>();
        var elapsed = await attacker.PublishAllAsync(Enumerable.Range(0, HostileMessages).Select(Next), (p, _) => byKind.AddOrUpdate(p.Kind, 1, (_, v) => v + 1));

        await stopDevices.CancelAsync();
        var report = await simulation;
        await devices.DisposeAsync();
        await network.DrainedAsync();
        var expectedReadings = report.Totals.ReadingsPublished + capturedReadings;
        await Eventually.TrueAsync(async () => (await coordinator.Stores.Telemetry.ReadStatsAsync(TestContext.Current.CancellationToken)).ReadingsStored >= expectedReadings,
            "every honest reading at the coordinator");
        var stats = await coordinator.Stores.Telemetry.ReadStatsAsync(TestContext.Current.CancellationToken);
        var resent = gateway.Uplink.Events[UplinkEvent.BatchResent] - resentBefore;

        output.WriteLine($"seed {seed}: {HostileMessages} hostile messages in {elapsed.TotalSeconds:0.0} s ({HostileMessages / elapsed.TotalSeconds:0} msg/s, QoS 1, 64 in flight, one client)");
        output.WriteLine($"kinds: {string.Join(", ", byKind.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))}");
        output.WriteLine($"PUBACK reason codes: {string.Join(", ", attacker.ReasonCodes.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))}; connection lost {attacker.Disconnected}");
        output.WriteLine($"broker refusals: {string.Join(", ", Enum.GetValues<BrokerRefusal>().Select(r => $"{r} {broker.Refusals(r)}"))}");
        output.WriteLine($"ingest outcomes: {string.Join(", ", Enum.GetValues<IngestOutcome>().Select(o => $"{o} {counters.Batches(o)}"))}; honest gateway resends {resent}");
        output.WriteLine($"readings: honest devices sent {report.Totals.ReadingsPublished} + captured batches {capturedReadings}, stored {stats.ReadingsStored}; batches stored {stats.BatchesStored}");

        Assert.Equal(0, attacker.Disconnected);
        Assert.Equal(HostileMessages, attacker.ReasonCodes.Values.Sum());
        Assert.Equal(HostileMessages + resent, Refused() - refusedBefore);
        Assert.Equal(expectedReadings, stats.ReadingsStored);
        Assert.Equal(0, report.Totals.PublishesRefused);
        Assert.True(report.Totals.ReadingsPublished > 0);
        Assert.True(gateway.Uplink.IsConnected);
    }
}
