using System.Collections.Concurrent;
using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;
using EdgeCompute.Gateway.DeviceBroker;
using EdgeCompute.Gateway.Ingest;
using EdgeCompute.Integration.Tests.Services;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Topics;
using EdgeCompute.Tests;
using MQTTnet;
using IngestOutcome = EdgeCompute.Gateway.Ingest.IngestOutcome;

namespace EdgeCompute.Integration.Tests.Hostile;

/// <summary>
/// 100,000 random and mutated payloads at a running gateway's device broker while its honest simulated devices keep
/// sending, all the way through to a running coordinator.
/// </summary>
/// <remarks>
/// The attacker holds the broker credential of one of the gateway's devices (a stolen credential, not the device key:
/// it cannot make MACs) and publishes captured frames of the other devices — replayed, relabelled, bit-flipped, truncated,
/// extended — random bytes, wrong topics and oversized payloads (within the broker's packet limit: a larger packet closes
/// the connection unread, see <see cref="BrokerFloodTests"/>). Which counter proves each payload was refused:
/// <list type="bullet">
/// <item>refused by the device broker itself (ACL, rate): <see cref="DeviceBrokerServer.Refusals"/>, PUBACK NotAuthorized/QuotaExceeded;</item>
/// <item>refused by the ingest (bad topic, another device's id, malformed, too large, conflict): <see cref="FrameIngest.Outcomes"/>,
///   PUBACK PayloadFormatInvalid/QuotaExceeded;</item>
/// <item>stored by the gateway (it cannot check MACs: only the device and the coordinator hold the key — docs/architecture.md, "Trust model") and
///   forwarded: refused by the coordinator per frame — <see cref="FrameCount.BadMac"/>/<see cref="FrameCount.Malformed"/>
///   for telemetry, <see cref="WorkCounter.ResultNotIssued"/>/<see cref="WorkCounter.ResultBadMac"/> for results;</item>
/// <item>an exact replay of a frame the gateway stored: <see cref="IngestOutcome.Duplicate"/> — acknowledged, stored once.</item>
/// </list>
/// </remarks>
public sealed class GatewayHostileInputTests
{
    private const int HostilePayloads = 100_000;

    private static readonly (string Kind, int Weight)[] Kinds =
    [
        ("random-bytes", 22), ("flipped-bits", 20), ("truncated", 10), ("extended", 6), ("replayed-other-device", 10),
        ("relabelled-own-id", 8), ("replayed-own", 2), ("other-devices-topic", 6), ("forbidden-topic", 4), ("garbage-topic", 4),
        ("oversized", 2), ("random-state", 4), ("wrong-kind-topic", 2),
    ];

    [Fact]
    public async Task Every_hostile_payload_at_the_device_broker_is_refused_and_counted_while_honest_readings_all_arrive()
    {
        var seed = TestSeed.Pick(20261206);
        var random = new Random(seed);
        var output = TestContext.Current.TestOutputHelper!;
        var provisioned = FleetProvisioner.Create(new FleetSpec(2, 1, 5));
        var fleet = new TestFleet("", provisioned.Coordinator, provisioned.Gateways, provisioned.Devices);
        var gatewayFile = fleet.Gateways[0];
        var honest = fleet.Devices.Take(4).ToArray();
        var stolen = fleet.Devices[4]; // the attacker has this device's broker credential

        await using var network = await LocalNetwork.StartAsync(fleet);
        var gateway = await network.StartGatewayAsync(gatewayFile, o =>
        {
            // the rate limit would refuse nearly all of the stream at the broker; lift it so every payload reaches the ingest
            o.DeviceBroker.RatePerSecond = 100_000;
            o.DeviceBroker.RateBurst = 1_000_000;
            o.Uplink.ResendTimeout = TimeSpan.FromMinutes(2);
        });
        var devices = network.Devices(honest, seed);
        using var stopDevices = new CancellationTokenSource();
        var simulation = devices.RunAsync(Timeout.InfiniteTimeSpan, stopDevices.Token);
        await Eventually.TrueAsync(() => gateway.Ingest.Outcomes[IngestOutcome.Stored] >= 20, "honest devices publishing");

        var captured = Enumerable.Range(0, 400).Select(i => honest[i % honest.Length]).Select((d, i) => (i % 5) switch
        {
            0 => CapturedTraffic.Raw(random, d, 7, (uint)(1_000_000 + i)),
            1 => CapturedTraffic.Result(random, d, 7, (uint)(1_000_000 + i)),
            _ => CapturedTraffic.Summary(random, d, 7, (uint)(1_000_000 + i)).Bytes,
        }).ToArray();
        var ownTopics = new[] { DeviceTopicKind.Tel, DeviceTopicKind.Res, DeviceTopicKind.Birth }.Select(k => ProtocolTopics.Device(stolen.DeviceId, k)).ToArray();
        var relabelled = new List<HostilePayload>();

        var refusalsBefore = gateway.Broker.Refusals.Snapshot().Values.Sum();
        var ingestBefore = gateway.Ingest.Outcomes.Snapshot();
        HostilePayload Next(int index)
        {
            var kind = Mutations.Pick(random, Kinds);
            var sample = captured[random.Next(captured.Length)];
            var tel = ProtocolTopics.Device(stolen.DeviceId, DeviceTopicKind.Tel);
            return kind switch
            {
                "random-bytes" => new(kind, ownTopics[random.Next(3)], Mutations.RandomBytes(random, 600)),
                "flipped-bits" => new(kind, ownTopics[random.Next(3)], Mutations.FlipBits(random, sample)),
                "truncated" => new(kind, tel, Mutations.Truncate(random, sample)),
                "extended" => new(kind, tel, Mutations.Extend(random, sample)),
                "replayed-other-device" => new(kind, ownTopics[random.Next(3)], sample),
                "relabelled-own-id" => Remember(new(kind, ownTopics[random.Next(3)], CapturedTraffic.Relabel(sample, stolen.DeviceId, (uint)random.Next(1, 100), (uint)random.Next()))),
                "replayed-own" when relabelled.Count > 0 => relabelled[random.Next(relabelled.Count)] with { Kind = kind },
                "other-devices-topic" => new(kind, ProtocolTopics.Device(honest[random.Next(honest.Length)].DeviceId, DeviceTopicKind.Tel), sample),
                "forbidden-topic" => new(kind, random.Next(2) == 0 ? ProtocolTopics.Device(stolen.DeviceId, DeviceTopicKind.Task) : ProtocolTopics.Gateway(gatewayFile.GatewayId, GatewayTopicKind.Up), sample),
                "garbage-topic" => new(kind, Mutations.GarbageTopic(random), sample),
                // over the 4,096-byte payload limit but within the broker's packet limit (8,192), so the ingest refuses it with a PUBACK;
                // a packet over the packet limit closes the connection unread (Hostile/BrokerFloodTests)
                "oversized" => new(kind, tel, Mutations.RandomBytes(random, 0).Concat(new byte[ProtocolLimits.MaxDevicePayloadBytes + 1 + random.Next(index % 1000 == 0 ? 3500 : 3000)]).ToArray()),
                "random-state" => new(kind, ProtocolTopics.Device(stolen.DeviceId, DeviceTopicKind.State), Mutations.RandomBytes(random, 16) is { Length: > 0 } b ? b : [0xff]),
                "wrong-kind-topic" => new(kind, ProtocolTopics.Device(stolen.DeviceId, DeviceTopicKind.Birth), sample),
                _ => new("random-bytes", tel, Mutations.RandomBytes(random, 600)),
            };
        }

        HostilePayload Remember(HostilePayload payload)
        {
            relabelled.Add(payload);
            return payload;
        }

        // What the gateway acknowledged as durable under the stolen id: frames (stored now, or duplicates of frames it still holds) and states.
        long framesAccepted = 0, statesAccepted = 0, refusedByGateway = 0;
        var kinds = new ConcurrentDictionary<string, long>();
        using var attacker = new HostileClient(network.GatewayPort(gatewayFile.GatewayId), stolen.DeviceId, stolen.DeviceId, gatewayFile.Devices.Single(d => d.DeviceId == stolen.DeviceId).BrokerCredential);
        await attacker.ConnectAsync();
        var elapsed = await attacker.PublishAllAsync(Enumerable.Range(0, HostilePayloads).Select(Next), (payload, code) =>
        {
            kinds.AddOrUpdate(payload.Kind, 1, (_, v) => v + 1);
            if (code != MqttClientPublishReasonCode.Success)
            {
                Interlocked.Increment(ref refusedByGateway);
            }
            else if (payload.Topic.EndsWith("/state", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref statesAccepted);
            }
            else
            {
                Interlocked.Increment(ref framesAccepted);
            }
        });

        await stopDevices.CancelAsync();
        var report = await simulation;
        await devices.DisposeAsync();
        await network.DrainedAsync();
        var coordinator = network.Coordinator;
        var expectedReadings = report.Totals.ReadingsPublished;
        await Eventually.TrueAsync(async () => (await coordinator.Stores.Telemetry.ReadStatsAsync(TestContext.Current.CancellationToken)).ReadingsStored >= expectedReadings, "the honest readings at the coordinator");

        var refusals = gateway.Broker.Refusals.Snapshot();
        var ingest = gateway.Ingest.Outcomes.Snapshot();
        long Delta(IngestOutcome o) => ingest.GetValueOrDefault(o) - ingestBefore.GetValueOrDefault(o);
        var ingestRefused = Enum.GetValues<IngestOutcome>().Where(o => o is not (IngestOutcome.Stored or IngestOutcome.Duplicate)).Sum(Delta);
        var counters = coordinator.Ingestor.Counters;
        var work = coordinator.Work.Counters;
        var refusedDownstream = counters.Frames(FrameCount.BadMac) + counters.Frames(FrameCount.Malformed) + counters.Frames(FrameCount.UnknownDevice)
            + work[WorkCounter.ResultNotIssued] + work[WorkCounter.ResultBadMac];
        var stats = await coordinator.Stores.Telemetry.ReadStatsAsync(TestContext.Current.CancellationToken);

        output.WriteLine($"seed {seed}: {HostilePayloads} hostile payloads in {elapsed.TotalSeconds:0.0} s ({HostilePayloads / elapsed.TotalSeconds:0} msg/s, QoS 1, 64 in flight, one client)");
        output.WriteLine($"kinds: {string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))}");
        output.WriteLine($"PUBACK reason codes: {string.Join(", ", attacker.ReasonCodes.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))}; connection lost {attacker.Disconnected}");
        output.WriteLine($"device broker refusals: {string.Join(", ", refusals.Select(r => $"{r.Key} {r.Value}"))}");
        output.WriteLine($"gateway ingest (delta): {string.Join(", ", Enum.GetValues<IngestOutcome>().Where(o => Delta(o) != 0).Select(o => $"{o} {Delta(o)}"))}");
        output.WriteLine($"acknowledged by the gateway under the stolen id: {framesAccepted} frames ({Delta(IngestOutcome.Duplicate)} as duplicates) + {statesAccepted} states; refused downstream by the coordinator: {refusedDownstream} "
            + $"(bad MAC {counters.Frames(FrameCount.BadMac)}, malformed {counters.Frames(FrameCount.Malformed)}, results not issued {work[WorkCounter.ResultNotIssued]})");
        output.WriteLine($"honest readings: sent {expectedReadings}, stored {stats.ReadingsStored}; frames published {report.Totals.FramesPublished}, refused {report.Totals.PublishesRefused}");

        Assert.Equal(0, attacker.Disconnected);
        Assert.Equal(HostilePayloads, attacker.ReasonCodes.Values.Sum());
        // every payload the gateway refused is counted once, by the broker or by the ingest, under a reason
        Assert.Equal(refusedByGateway, refusals.Values.Sum() - refusalsBefore + ingestRefused);
        // every frame it stored for the stolen id was forwarded and refused by the coordinator (wrong MAC, or a result nobody was
        // assigned), once per storing. The gateway dedups only frames it still holds (docs/protocol.md: the stores of record
        // judge duplicates), so a replay that arrives after the ack is stored, forwarded and refused again.
        Assert.Equal(framesAccepted - Delta(IngestOutcome.Duplicate), refusedDownstream);
        Assert.Equal(0, statesAccepted);
        // the honest devices were not disturbed: nothing they sent was refused, every reading arrived exactly once
        Assert.Equal(0, report.Totals.PublishesRefused);
        Assert.Equal(expectedReadings, stats.ReadingsStored);
        Assert.True(expectedReadings > 0);
        Assert.True(gateway.IsRunning && gateway.Uplink.IsConnected);
    }
}
