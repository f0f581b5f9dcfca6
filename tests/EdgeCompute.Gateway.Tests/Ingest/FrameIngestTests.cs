using EdgeCompute.Gateway.Ingest;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Telemetry;
using EdgeCompute.Protocol.Topics;
using EdgeCompute.Tests;
using MQTTnet;

namespace EdgeCompute.Gateway.Tests.Ingest;

public sealed class FrameIngestTests
{
    [Fact]
    public async Task Malformed_frames_are_rejected_and_counted_while_a_good_device_carries_on()
    {
        var random = TestSeed.Random(20261124);
        await using var gateway = new TestGateway(devices: 2);
        var outbox = gateway.OpenOutbox();
        var (_, ingest) = await gateway.StartBrokerAsync(outbox);
        var port = gateway.Options.DeviceBroker.Port;
        var bad = gateway.File.Devices[0];
        var good = gateway.File.Devices[1];
        var (badClient, _) = await DeviceClient.ConnectAsync(port, bad.DeviceId, bad.DeviceId, bad.BrokerCredential);
        var (goodClient, _) = await DeviceClient.ConnectAsync(port, good.DeviceId, good.DeviceId, good.BrokerCredential);
        using var _b = badClient;
        using var _g = goodClient;

        var garbage = new byte[100];
        random.NextBytes(garbage);
        var (ownFrame, _) = TestFrames.Summary(gateway.KeyOf(0), bad.DeviceId, 1, 1);
        var truncated = ownFrame[..^5];
        var (othersFrame, _) = TestFrames.Summary(gateway.KeyOf(1), good.DeviceId, 1, 1);
        var result = TestFrames.Result(gateway.KeyOf(0), bad.DeviceId, 1, 2);
        var badOutcomes = new[]
        {
            await DeviceClient.PublishAsync(badClient, DeviceClient.Tel(bad.DeviceId), garbage),
            await DeviceClient.PublishAsync(badClient, DeviceClient.Tel(bad.DeviceId), truncated),
            await DeviceClient.PublishAsync(badClient, DeviceClient.Tel(bad.DeviceId), othersFrame),
            await DeviceClient.PublishAsync(badClient, DeviceClient.Tel(bad.DeviceId), result),
            await DeviceClient.PublishAsync(badClient, ProtocolTopics.Device(bad.DeviceId, DeviceTopicKind.State), "maybe"u8.ToArray(), retain: true),
        };
        for (uint seq = 1; seq <= 20; seq++)
        {
            var (frame, _) = TestFrames.Summary(gateway.KeyOf(1), good.DeviceId, 1, seq);
            Assert.Equal(MqttClientPublishReasonCode.Success, (await DeviceClient.PublishAsync(goodClient, DeviceClient.Tel(good.DeviceId), frame)).ReasonCode);
        }

        Assert.All(badOutcomes, o => Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, o.ReasonCode));
        Assert.Equal(3, ingest.Outcomes[IngestOutcome.Malformed]);
        Assert.Equal(1, ingest.Outcomes[IngestOutcome.IdMismatch]);
        Assert.Equal(1, ingest.Outcomes[IngestOutcome.TypeMismatch]);
        Assert.Equal(20, ingest.Outcomes[IngestOutcome.Stored]);
        Assert.Equal(20, outbox.Counters().Stored);
        Assert.True(goodClient.IsConnected && badClient.IsConnected);
    }

    [Fact]
    public async Task Hands_observers_the_window_summary_it_decoded_to_count_the_readings()
    {
        await using var gateway = new TestGateway(devices: 1);
        var outbox = gateway.OpenOutbox();
        var observer = new RecordingObserver();
        var ingest = new FrameIngest(outbox, observer: observer);
        var device = gateway.File.Devices[0].DeviceId;
        var (summaryFrame, readings) = TestFrames.Summary(gateway.KeyOf(0), device, 1, 1, samplesPerChannel: 7);
        var resultFrame = TestFrames.Result(gateway.KeyOf(0), device, 1, 2);

        var stored = await ingest.IngestAsync(device, DeviceClient.Tel(device), summaryFrame, TestContext.Current.CancellationToken);
        var storedResult = await ingest.IngestAsync(device, ProtocolTopics.Device(device, DeviceTopicKind.Res), resultFrame, TestContext.Current.CancellationToken);
        var again = await ingest.IngestAsync(device, DeviceClient.Tel(device), summaryFrame, TestContext.Current.CancellationToken);

        Assert.Equal([IngestOutcome.Stored, IngestOutcome.Stored, IngestOutcome.Duplicate], new[] { stored.Outcome, storedResult.Outcome, again.Outcome });
        Assert.Equal(2, outbox.Counters().Stored);
        Assert.Equal(2, observer.Seen.Count); // newly stored only, in order
        var (frame, summary) = observer.Seen[0];
        Assert.Equal(FrameType.WindowSummary, frame.Type);
        Assert.NotNull(summary);
        var expected = WindowSummaryCodec.Decode(frame.Body).Value;
        Assert.Equal(expected.SourceId, summary.SourceId);
        Assert.Equal(expected.WindowStartMs, summary.WindowStartMs);
        Assert.Equal(readings, TelemetryReadings.Count(summary));
        Assert.Equal(expected.Channels.Select(c => (c.Channel, c.Count)), summary.Channels.Select(c => (c.Channel, c.Count)));
        Assert.Equal(FrameType.Result, observer.Seen[1].Frame.Type);
        Assert.Null(observer.Seen[1].Summary);
    }

    [Fact]
    public async Task Reports_each_newly_stored_frame_with_its_ingest_time_and_a_summary_with_its_window_age_at_the_commit()
    {
        await using var gateway = new TestGateway(devices: 1);
        var outbox = gateway.OpenOutbox();
        var device = gateway.File.Devices[0].DeviceId;
        var (summaryFrame, _) = TestFrames.Summary(gateway.KeyOf(0), device, 1, 1);
        var window = WindowSummaryCodec.Decode(TestFrames.Decode(summaryFrame).Body).Value;
        var windowEnd = window.WindowStartMs + window.WindowLengthMs;
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(windowEnd + 1_750));
        var ingest = new FrameIngest(outbox, time: clock);
        var seen = new List<(TimeSpan Ingest, TimeSpan? Age)>();
        ingest.FrameStored += (took, age) => seen.Add((took, age));

        await ingest.IngestAsync(device, DeviceClient.Tel(device), summaryFrame, TestContext.Current.CancellationToken);
        await ingest.IngestAsync(device, ProtocolTopics.Device(device, DeviceTopicKind.Res), TestFrames.Result(gateway.KeyOf(0), device, 1, 2), TestContext.Current.CancellationToken);
        await ingest.IngestAsync(device, DeviceClient.Tel(device), summaryFrame, TestContext.Current.CancellationToken); // a duplicate: not newly stored

        Assert.Equal(2, seen.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(1_750), seen[0].Age);
        Assert.Null(seen[1].Age); // a result has no window
        Assert.All(seen, t => Assert.Equal(TimeSpan.Zero, t.Ingest)); // the fake clock stood still
    }

    private sealed class RecordingObserver : IStoredFrameObserver
    {
        public List<(DeviceFrame Frame, WindowSummary? Summary)> Seen { get; } = [];

        public void OnStored(DeviceFrame frame) => throw new InvalidOperationException("ingest hands over the summary it decoded");

        public void OnStored(DeviceFrame frame, WindowSummary? summary) => Seen.Add((frame, summary));
    }
}
