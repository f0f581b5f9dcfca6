using System.Collections.Concurrent;
using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Frames;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Gateway.Tests.Outbox;

public sealed class OutboxDurabilityTests
{
    [Fact]
    public async Task Nothing_acknowledged_to_a_device_is_lost_when_the_files_are_copied_mid_stream()
    {
        await using var gateway = new TestGateway(devices: 4);
        // Automatic checkpoints off: the database file stays put and the WAL only grows, so a copy taken while
        // appends continue is exactly what a killed process leaves on disk.
        var outbox = gateway.Own(OutboxStore.Open(gateway.OutboxPath, gateway.Options.Outbox, null, null, autoCheckpointPages: 0));
        var acked = new ConcurrentQueue<(string Device, uint Seq)>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(d => Task.Run(async () =>
        {
            for (uint seq = 1; !stop.IsCancellationRequested; seq++)
            {
                var (bytes, readings) = TestFrames.Summary(gateway.KeyOf(d), gateway.IdOf(d), 1, seq);
                var result = await outbox.AppendFrameAsync(TestFrames.Decode(bytes), bytes, readings);
                Assert.True(result.IsDurable);
                acked.Enqueue((gateway.IdOf(d), seq));
            }
        })).ToArray();

        await Eventually.TrueAsync(() => acked.Count >= 400, "400 frames acknowledged");
        var ackedBeforeCopy = acked.ToArray();
        var copy = Path.Combine(gateway.Folder, "crash-copy.db");
        File.Copy(gateway.OutboxPath, copy);
        File.Copy(gateway.OutboxPath + "-wal", copy + "-wal");
        await Eventually.TrueAsync(() => acked.Count >= ackedBeforeCopy.Length + 100, "appends carried on after the copy");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        await using var reopened = OutboxStore.Open(copy, gateway.Options.Outbox);
        var pending = await reopened.CutBatchAsync(8 * 1024 * 1024, 65536, false, (_, _, items) =>
        {
            var keys = items.OfType<DeviceFrameItem>().Select(i => TestFrames.Decode(i.Frame.ToArray())).Select(f => (f.DeviceId, f.Seq)).ToHashSet();
            Assert.All(ackedBeforeCopy, k => Assert.Contains(k, keys));
            return [1];
        }, TestContext.Current.CancellationToken);
        Assert.NotNull(pending);
        Assert.True(pending.ItemCount >= ackedBeforeCopy.Length);
        Assert.Equal(2u, reopened.Boot);
    }

    [Fact]
    public async Task A_duplicate_is_acknowledged_and_stored_once_and_a_conflict_is_counted()
    {
        await using var gateway = new TestGateway(devices: 1);
        var outbox = gateway.OpenOutbox();
        var (bytes, readings) = TestFrames.Summary(gateway.KeyOf(0), gateway.IdOf(0), 3, 7);
        var (other, _) = TestFrames.Summary(gateway.KeyOf(0), gateway.IdOf(0), 3, 7, offset: 5);

        var first = await outbox.AppendFrameAsync(TestFrames.Decode(bytes), bytes, readings, TestContext.Current.CancellationToken);
        var again = await outbox.AppendFrameAsync(TestFrames.Decode(bytes), bytes, readings, TestContext.Current.CancellationToken);
        var conflict = await outbox.AppendFrameAsync(TestFrames.Decode(other), other, readings, TestContext.Current.CancellationToken);

        Assert.Equal(AppendOutcome.Stored, first.Outcome);
        Assert.Equal(AppendOutcome.Duplicate, again.Outcome);
        Assert.True(again.IsDurable);
        Assert.Equal(AppendOutcome.Conflict, conflict.Outcome);
        var counters = outbox.Counters();
        Assert.Equal((1L, 1L, 1L, 1L), (counters.Stored, counters.Duplicates, counters.Conflicts, counters.PendingItems));
    }

    [Fact]
    public async Task When_full_the_oldest_telemetry_is_evicted_first_results_never_and_the_gap_is_reported()
    {
        await using var gateway = new TestGateway(devices: 2);
        gateway.Options.Outbox.MaxBytes = 64 * 1024;
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(TestFrames.WindowStartMs));
        var outbox = gateway.OpenOutbox(time);
        var results = new List<uint>();
        long sentReadings = 0;
        uint seq = 0;
        // Device 0 sends telemetry with a result every 10th frame, far past the bound.
        while (outbox.Counters().EvictedFrames < 40)
        {
            seq++;
            byte[] bytes;
            long readings = 0;
            if (seq % 10 == 0)
            {
                bytes = TestFrames.Result(gateway.KeyOf(0), gateway.IdOf(0), 1, seq);
                results.Add(seq);
            }
            else
            {
                (bytes, readings) = TestFrames.Summary(gateway.KeyOf(0), gateway.IdOf(0), 1, seq);
                sentReadings += readings;
            }

            Assert.True((await outbox.AppendFrameAsync(TestFrames.Decode(bytes), bytes, readings, TestContext.Current.CancellationToken)).IsDurable);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var counters = outbox.Counters();
        Assert.True(counters.Bytes <= gateway.Options.Outbox.MaxBytes);
        var batch = await outbox.CutBatchAsync(8 * 1024 * 1024, 65536, false, (_, _, items) =>
        {
            var frames = items.OfType<DeviceFrameItem>().Select(i => TestFrames.Decode(i.Frame.ToArray())).ToArray();
            var gaps = items.OfType<TelemetryGapItem>().ToArray();
            // Every result is still there; the telemetry kept is the newest; the gaps cover exactly the evicted seqs.
            Assert.Equal(results, frames.Where(f => f.Type == FrameType.Result).Select(f => f.Seq).ToArray());
            var keptTelemetry = frames.Where(f => f.Type == FrameType.WindowSummary).Select(f => f.Seq).ToArray();
            var evicted = gaps.SelectMany(g => Enumerable.Range((int)g.FirstSeq, (int)(g.LastSeq - g.FirstSeq + 1)).Select(s => (uint)s)).ToArray();
            Assert.True(evicted.Max() < keptTelemetry.Min(), "the oldest telemetry went first");
            Assert.Empty(evicted.Intersect(results));
            Assert.Equal(counters.EvictedFrames, evicted.Length);
            Assert.Equal(counters.EvictedReadings, gaps.Sum(g => (long)g.Readings));
            Assert.Equal(sentReadings, gaps.Sum(g => (long)g.Readings) + (keptTelemetry.Length * 180L));
            return [1];
        }, TestContext.Current.CancellationToken);
        Assert.NotNull(batch);
    }
}
