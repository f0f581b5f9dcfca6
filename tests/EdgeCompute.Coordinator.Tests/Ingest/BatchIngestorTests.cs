using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Protocol.Telemetry;
using EdgeCompute.Tests;

namespace EdgeCompute.Coordinator.Tests.Ingest;

public sealed class BatchIngestorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stores_as_many_readings_as_were_sent_over_summaries_raw_frames_and_gateway_windows()
    {
        var random = TestSeed.Random(4101);
        await using var world = await IngestWorld.CreateAsync();
        var gatewayId = world.GatewayId(0);
        long sent = 0;
        var seq = 0UL;
        foreach (var device in world.DevicesOf(gatewayId))
        {
            var items = new List<BatchItem>();
            for (uint s = 1; s <= 20; s++)
            {
                var (frame, readings) = s % 3 == 0 ? IngestWorld.RawFrame(device, 1, s, random) : IngestWorld.SummaryFrame(device, 1, s, random);
                items.Add(new DeviceFrameItem(frame));
                sent += readings;
            }

            var window = new WindowSummary(gatewayId, IngestWorld.T0, 60_000, [ChannelSummary.FromSamples("cpu-temp", "Cel", -1, [400, 410, 420])]);
            items.Add(GatewayTelemetryItem.From(window));
            sent += 3;
            var result = await world.IngestAsync(gatewayId, world.Seal(gatewayId, 1, ++seq, items));
            Assert.Equal(IngestOutcome.Stored, result.Outcome);
        }

        var stats = await world.Store.ReadStatsAsync(Ct);
        Assert.Equal(sent, stats.ReadingsStored);
        Assert.Equal((long)seq, stats.BatchesStored);
        Assert.Equal(0, world.Ingestor.Counters.Frames(FrameCount.BadMac));
    }

    [Fact]
    public async Task Duplicate_batch_is_stored_once_and_acked_again()
    {
        var random = TestSeed.Random(4102);
        await using var world = await IngestWorld.CreateAsync();
        var gatewayId = world.GatewayId(0);
        var device = world.DevicesOf(gatewayId)[0];
        var (frame, readings) = IngestWorld.SummaryFrame(device, 1, 1, random);
        BatchItem[] items = [new DeviceFrameItem(frame)];

        var first = await world.IngestAsync(gatewayId, world.Seal(gatewayId, 3, 7, items));
        var resent = await world.IngestAsync(gatewayId, world.Seal(gatewayId, 3, 7, items)); // re-signed: other bytes, same body

        Assert.Equal(IngestOutcome.Stored, first.Outcome);
        Assert.Equal(IngestOutcome.Duplicate, resent.Outcome);
        Assert.Equal([7UL], resent.Ack!.Stored);
        Assert.Empty(resent.Ack.Rejected);
        Assert.True(CoordinatorAckSignature.Verify(resent.Ack, world.CoordinatorPublicKey));
        var stats = await world.Store.ReadStatsAsync(Ct);
        Assert.Equal(readings, stats.ReadingsStored);
        Assert.Equal(1, stats.BatchesStored);
        Assert.Equal(1, stats.BatchDuplicates);
    }

    [Fact]
    public async Task Conflicting_batch_is_rejected_listed_in_the_ack_and_counted()
    {
        var random = TestSeed.Random(4103);
        await using var world = await IngestWorld.CreateAsync();
        var gatewayId = world.GatewayId(0);
        var device = world.DevicesOf(gatewayId)[0];
        var (a, readings) = IngestWorld.SummaryFrame(device, 1, 1, random);
        var (b, _) = IngestWorld.SummaryFrame(device, 1, 2, random);

        await world.IngestAsync(gatewayId, world.Seal(gatewayId, 1, 5, [new DeviceFrameItem(a)]));
        var conflict = await world.IngestAsync(gatewayId, world.Seal(gatewayId, 1, 5, [new DeviceFrameItem(b)]));

        Assert.Equal(IngestOutcome.Conflict, conflict.Outcome);
        Assert.Empty(conflict.Ack!.Stored);
        Assert.Equal([5UL], conflict.Ack.Rejected);
        Assert.Equal(1, world.Ingestor.Counters.Batches(IngestOutcome.Conflict));
        var stats = await world.Store.ReadStatsAsync(Ct);
        Assert.Equal(1, stats.BatchConflicts);
        Assert.Equal(readings, stats.ReadingsStored);
    }

    [Fact]
    public async Task Forged_batch_signature_is_rejected_before_decompression_and_counted()
    {
        await using var world = await IngestWorld.CreateAsync();
        var gatewayId = world.GatewayId(0);
        var garbage = new byte[512];
        new Random(TestSeed.Pick(4104)).NextBytes(garbage);
        using var forger = P256Keys.Generate();
        // Not a valid brotli stream: had it been decompressed first, the outcome would be Malformed.
        var signature = GatewayBatchSignature.Sign(forger, gatewayId, 1, 1, BatchCodec.Brotli, 4096, garbage);
        var forged = GatewayBatchCodec.Encode(new GatewayBatch(gatewayId, 1, 1, BatchCodec.Brotli, 4096, garbage, signature));

        var result = await world.IngestAsync(gatewayId, forged);

        Assert.Equal(IngestOutcome.BadSignature, result.Outcome);
        Assert.Null(result.Ack);
        Assert.Equal(1, world.Ingestor.Counters.Batches(IngestOutcome.BadSignature));
        Assert.Equal(0, (await world.Store.ReadStatsAsync(Ct)).BatchesStored);
    }

    [Fact]
    public async Task Gateway_altered_device_frame_fails_its_MAC_and_is_counted_for_that_gateway_and_device()
    {
        var random = TestSeed.Random(4105);
        await using var world = await IngestWorld.CreateAsync();
        var gatewayId = world.GatewayId(0);
        var devices = world.DevicesOf(gatewayId);
        var (good, readings) = IngestWorld.SummaryFrame(devices[0], 1, 1, random);
        var (victim, _) = IngestWorld.SummaryFrame(devices[1], 1, 1, random);

        var result = await world.IngestAsync(gatewayId, world.Seal(gatewayId, 1, 1, [new DeviceFrameItem(good), new DeviceFrameItem(IngestWorld.Altered(victim))]));

        Assert.Equal(IngestOutcome.Stored, result.Outcome);
        Assert.Equal(1, world.Ingestor.Counters.BadMacs(gatewayId, devices[1].Id));
        Assert.Equal(0, world.Ingestor.Counters.BadMacs(gatewayId, devices[0].Id));
        Assert.Equal(readings, (await world.Store.ReadStatsAsync(Ct)).ReadingsStored);
        Assert.False(world.Ingestor.Counters.IsSuspect(gatewayId));
    }

    [Fact]
    public async Task Gateway_is_marked_suspect_when_bad_MACs_span_several_of_its_devices()
    {
        var random = TestSeed.Random(4106);
        await using var world = await IngestWorld.CreateAsync(gateways: 2, devices: 10);
        var gatewayId = world.GatewayId(0);
        var devices = world.DevicesOf(gatewayId);
        Assert.True(devices.Count >= 3);
        var items = new List<BatchItem>();
        for (var i = 0; i < 2; i++)
        {
            items.Add(new DeviceFrameItem(IngestWorld.Altered(IngestWorld.SummaryFrame(devices[i], 1, 1, random).Frame)));
        }

        await world.IngestAsync(gatewayId, world.Seal(gatewayId, 1, 1, items));
        Assert.False(world.Ingestor.Counters.IsSuspect(gatewayId));

        await world.IngestAsync(gatewayId, world.Seal(gatewayId, 1, 2, [new DeviceFrameItem(IngestWorld.Altered(IngestWorld.SummaryFrame(devices[2], 1, 1, random).Frame))]));

        Assert.True(world.Ingestor.Counters.IsSuspect(gatewayId));
        Assert.Equal([gatewayId], world.Ingestor.Counters.SuspectGateways);
        Assert.False(world.Ingestor.Counters.IsSuspect(world.GatewayId(1)));
    }

    [Fact]
    public async Task No_ack_when_the_commit_fails_and_the_resend_is_stored_after_recovery()
    {
        var random = TestSeed.Random(4107);
        FailingTelemetryStore? failing = null;
        await using var world = await IngestWorld.CreateAsync(wrapStore: s => failing = new FailingTelemetryStore(s));
        var gatewayId = world.GatewayId(0);
        var (frame, readings) = IngestWorld.SummaryFrame(world.DevicesOf(gatewayId)[0], 1, 1, random);
        BatchItem[] items = [new DeviceFrameItem(frame)];

        var failed = await world.IngestAsync(gatewayId, world.Seal(gatewayId, 1, 1, items));
        Assert.Equal(IngestOutcome.StoreFailed, failed.Outcome);
        Assert.Null(failed.Ack);
        Assert.Equal(0, (await world.Store.ReadStatsAsync(Ct)).BatchesStored);

        failing!.Fail = false;
        var resent = await world.IngestAsync(gatewayId, world.Seal(gatewayId, 1, 1, items));
        Assert.Equal(IngestOutcome.Stored, resent.Outcome);
        Assert.NotNull(resent.Ack);
        Assert.Equal(readings, (await world.Store.ReadStatsAsync(Ct)).ReadingsStored);
    }

    [Fact]
    public async Task Rejects_unknown_gateways_and_a_topic_that_names_another_gateway()
    {
        await using var world = await IngestWorld.CreateAsync();
        var own = world.GatewayId(0);
        var other = world.GatewayId(1);
        var batch = world.Seal(own, 1, 1, []);

        var wrongTopic = await world.IngestAsync(other, batch);
        var unknown = await world.Ingestor.IngestAsync(IngestWorld.Up("gw-nobody"), batch, Ct);

        Assert.Equal(IngestOutcome.TopicMismatch, wrongTopic.Outcome);
        Assert.Equal(IngestOutcome.UnknownGateway, unknown.Outcome);
        Assert.Null(wrongTopic.Ack);
        Assert.Null(unknown.Ack);
    }

    [Fact]
    public async Task Frame_from_a_device_homed_on_another_gateway_is_accepted_when_its_MAC_verifies_and_counted()
    {
        var random = TestSeed.Random(4108);
        await using var world = await IngestWorld.CreateAsync();
        var gatewayId = world.GatewayId(0);
        var visitor = world.DevicesOf(world.GatewayId(1))[0];
        var (frame, readings) = IngestWorld.SummaryFrame(visitor, 1, 1, random);

        await world.IngestAsync(gatewayId, world.Seal(gatewayId, 1, 1, [new DeviceFrameItem(frame)]));

        Assert.Equal(1, world.Ingestor.Counters.Frames(FrameCount.ForeignGateway));
        Assert.Equal(readings, (await world.Store.ReadStatsAsync(Ct)).ReadingsStored);
    }

    [Fact]
    public async Task Hands_results_task_returns_gaps_and_states_on_after_the_commit()
    {
        await using var world = await IngestWorld.CreateAsync();
        var gatewayId = world.GatewayId(0);
        var device = world.DevicesOf(gatewayId)[0];
        var body = TaskResultCodec.Encode(new TaskResult("job-1-t1", 0, "mc.pi", TaskResultStatus.Ok, 10, new MonteCarloPiOutput(7, 10)));
        var result = DeviceFrameCodec.Encode(DeviceFrameMac.Seal(device.GetKey(), device.Id, 1, 9, FrameType.Result, body, new byte[] { 1, 2, 3 }));
        BatchItem[] items =
        [
            new DeviceFrameItem(result),
            new TaskReturnedItem("job-1-t2", 1, device.Id, TaskReturnReason.DeviceOffline),
            new TelemetryGapItem(device.Id, 1, 3, 5, 42),
            new DeviceStateItem(device.Id, false, IngestWorld.T0),
        ];

        var outcome = await world.IngestAsync(gatewayId, world.Seal(gatewayId, 1, 1, items));

        Assert.Equal(IngestOutcome.Stored, outcome.Outcome);
        var received = Assert.Single(world.Results.Received);
        Assert.Equal(("job-1-t1", gatewayId), (received.Result.TaskId, received.GatewayId));
        Assert.Equal("job-1-t2", Assert.Single(world.Returns.Received).Item.TaskId);
        Assert.Equal(42, (await world.Store.ReadStatsAsync(Ct)).ReadingsLost);
        Assert.Equal(new[] { (3u, 5u) }, (await world.Store.ReadGapsAsync(device.Id, Ct)).Select(g => (g.FirstSeq, g.LastSeq)));
    }
}
