using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Telemetry;
using Microsoft.Data.Sqlite;

namespace EdgeCompute.Gateway.Tests.Wiring;

public sealed class GatewayOutboxItemTests
{
    [Fact]
    public async Task A_gateway_task_result_goes_upstream_from_an_outbox_created_before_results_existed()
    {
        await using var gateway = new TestGateway(devices: 1);
        var path = Path.Combine(gateway.Folder, "old-outbox.db");
        CreateOutboxWithoutFuel(path);
        var result = new GatewayTaskResultItem("job-9-t4", 3, GatewayTaskStatus.Ok, ulong.MaxValue - 1, new byte[] { 1, 2, 3 });

        await using (var outbox = OutboxStore.Open(path, new OutboxOptions()))
        {
            Assert.Equal(AppendOutcome.Stored, (await outbox.AppendGatewayTaskResultAsync(result, TestContext.Current.CancellationToken)).Outcome);
        }

        await using var reopened = OutboxStore.Open(path, new OutboxOptions());
        List<BatchItem> items = [];
        await reopened.CutBatchAsync(1 << 20, 100, allowEmpty: false, (_, _, batch) => { items.AddRange(batch); return [0]; }, TestContext.Current.CancellationToken);
        var stored = Assert.IsType<GatewayTaskResultItem>(Assert.Single(items));
        Assert.Equal((result.TaskId, result.Slot, result.Status, result.Fuel), (stored.TaskId, stored.Slot, stored.Status, stored.Fuel));
        Assert.Equal(result.Output.ToArray(), stored.Output.ToArray());
    }

    [Fact]
    public async Task When_full_gateway_windows_are_evicted_with_the_oldest_telemetry_and_counted_while_gateway_results_stay()
    {
        await using var gateway = new TestGateway(devices: 1);
        gateway.Options.Outbox.MaxBytes = 64 * 1024;
        var time = WiringClock.Create();
        var outbox = gateway.OpenOutbox(time);
        var results = new List<string>();
        var windows = 0;
        long windowReadings = 0;
        uint seq = 0;
        while (outbox.Counters().EvictedFrames < 60)
        {
            seq++;
            var (bytes, readings) = TestFrames.Summary(gateway.KeyOf(0), gateway.IdOf(0), 1, seq);
            Assert.True((await outbox.AppendFrameAsync(TestFrames.Decode(bytes), bytes, readings, TestContext.Current.CancellationToken)).IsDurable);
            var window = new WindowSummary(gateway.File.GatewayId, TestFrames.WindowStartMs + (seq * 60_000L), 60_000, [ChannelSummary.FromSamples("cpu-temp", "Cel", -2, [4000, 4010, 4020])]);
            Assert.Equal(AppendOutcome.Stored, (await outbox.AppendGatewayTelemetryAsync(window, TestContext.Current.CancellationToken)).Outcome);
            windows++;
            windowReadings += 3;
            if (seq % 10 == 0)
            {
                var taskId = $"job-1-t{seq}";
                Assert.Equal(AppendOutcome.Stored, (await outbox.AppendGatewayTaskResultAsync(new(taskId, 0, GatewayTaskStatus.Ok, 99, new byte[64]), TestContext.Current.CancellationToken)).Outcome);
                results.Add(taskId);
            }

            time.Advance(TimeSpan.FromSeconds(1));
        }

        var counters = outbox.Counters();
        Assert.True(counters.Bytes <= gateway.Options.Outbox.MaxBytes);
        await outbox.CutBatchAsync(8 * 1024 * 1024, 65536, false, (_, _, items) =>
        {
            Assert.Equal(results, items.OfType<GatewayTaskResultItem>().Select(r => r.TaskId).ToArray());
            var kept = items.OfType<GatewayTelemetryItem>().Select(i => WindowSummaryCodec.Decode(i.Pack).Value.WindowStartMs).ToArray();
            var keptFrames = items.OfType<DeviceFrameItem>().Select(i => TestFrames.Decode(i.Frame.ToArray()).Seq).ToArray();
            var gaps = items.OfType<TelemetryGapItem>().ToArray();
            Assert.True(kept.Length < windows, "some gateway windows were evicted");
            Assert.Equal(kept.Order().ToArray(), kept);
            Assert.Equal(TestFrames.WindowStartMs + (seq * 60_000L), kept[^1]);   // the newest windows are kept
            var evictedWindows = windows - kept.Length;
            var evictedFrames = gaps.Sum(g => (long)(g.LastSeq - g.FirstSeq + 1));
            Assert.Equal(counters.EvictedFrames, evictedFrames + evictedWindows);
            Assert.Equal(counters.EvictedReadings, gaps.Sum(g => (long)g.Readings) + (evictedWindows * 3L));
            Assert.Equal(seq, (uint)(evictedFrames + keptFrames.Length));
            return [1];
        }, TestContext.Current.CancellationToken);
        Assert.True(windowReadings > 0);
    }

    /// <summary>The items table with the task columns but before gateway task results (no fuel column).</summary>
    private static void CreateOutboxWithoutFuel(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
            CREATE TABLE items (id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, device TEXT NOT NULL, boot INTEGER, seq INTEGER,
                last_seq INTEGER, frame_type INTEGER, online INTEGER, time_ms INTEGER, readings INTEGER NOT NULL DEFAULT 0, hash BLOB,
                payload BLOB, size INTEGER NOT NULL, created_ms INTEGER NOT NULL, batch_boot INTEGER, batch_seq INTEGER, task TEXT, reason INTEGER);
            """;
        command.ExecuteNonQuery();
    }
}
