using EdgeCompute.Gateway.Uplink;
using EdgeCompute.Protocol.Sequencing;
using EdgeCompute.Tests;

namespace EdgeCompute.Gateway.Tests.Outage;

/// <summary>
/// The central broker is down for hours of simulated time while devices keep publishing: the whole gateway node keeps
/// every frame in its SQLite outbox within <c>Outbox:MaxBytes</c>, reconnects on the documented backoff with jitter
/// (attempts counted against the seeded schedule and against what any jitter allows), and drains the outbox when the
/// broker returns. Counts and order only; the clock is fake and moves only while the uplink waits.
/// </summary>
public sealed class LongOutageTests
{
    private const int Devices = 4;
    private const int MinutesBefore = 3;

    [Fact]
    public async Task A_six_hour_outage_within_the_bound_loses_nothing_reconnects_on_the_backoff_and_drains_in_order()
    {
        var seed = TestSeed.Pick(6101);
        // 4 devices × 360 minutes ≈ 1440 frames × ≈ 572 charged bytes ≈ 0.8 MB: the outage fills most of a 1 MiB outbox.
        await using var run = await OutageRun.StartAsync(Devices, outboxMaxBytes: 1024 * 1024, seed);
        await run.FeedWithLinkUpAsync(MinutesBefore);

        await run.RunOutageAsync(TimeSpan.FromHours(6), isResult: _ => false);

        var report = run.Report();
        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        var outageFrames = run.Fed.Where(f => f.DuringOutage).ToList();
        Assert.Equal(Devices * 360, outageFrames.Count);

        // The outbox grew by every frame while down (nothing batched, nothing evicted) and stayed within its bound.
        Assert.Equal(Enumerable.Range(1, run.Samples.Count).Select(m => (long)m * Devices), run.Samples.Select(s => s.PendingItems));
        Assert.All(run.Samples, s => Assert.True(s.Bytes <= run.Options.Outbox.MaxBytes, $"outbox {s.Bytes} B over its bound"));
        Assert.True(report.PeakBytes > run.Options.Outbox.MaxBytes / 2, "the outage did not come near the bound; the test proves little");
        var outbox = run.Node.Outbox.Counters();
        Assert.Equal((0L, 0L), (outbox.EvictedFrames, outbox.Full));

        AssertReconnectFollowedTheBackoff(run);

        // Drained: nothing waits, and the coordinator holds exactly the frames fed, once each, in each device's order.
        Assert.Equal((0L, 0L), (outbox.PendingItems, outbox.UnackedBatches));
        Assert.Equal(run.Fed.Count, run.Fixture.FramesStored);
        Assert.Equal(
            run.Fed.Select(f => new SequenceKey(f.Device, 1, f.Seq)).OrderBy(k => k.Sender, StringComparer.Ordinal).ThenBy(k => k.Seq),
            run.Fixture.StoredOrder.OrderBy(k => k.Sender, StringComparer.Ordinal).ThenBy(k => k.Seq));
        foreach (var device in run.Fed.GroupBy(f => f.Device))
        {
            Assert.Equal(device.Select(f => f.Seq), run.Fixture.StoredOrder.Where(k => k.Sender == device.Key).Select(k => (uint)k.Seq));
        }

        Assert.Equal(run.Fed.Sum(f => f.Readings), run.Fixture.ReadingsStored);
        Assert.Empty(run.Fixture.Gaps);
        AssertNoDuplicateStored(run);
    }

    [Fact]
    public async Task An_outage_past_the_bound_evicts_the_oldest_telemetry_only_reports_it_as_one_gap_per_run_and_keeps_every_result()
    {
        var seed = TestSeed.Pick(6102);
        // 256 KiB holds about 450 frames; 12 hours bring 2880, so about 2400 must be evicted while the link is down.
        await using var run = await OutageRun.StartAsync(Devices, outboxMaxBytes: 256 * 1024, seed);
        await run.FeedWithLinkUpAsync(MinutesBefore);

        // One result frame an hour per device: results are never evicted, and they cut the evicted telemetry into runs.
        await run.RunOutageAsync(TimeSpan.FromHours(12), isResult: seq => seq % 60 == 0);

        var report = run.Report();
        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        var fixture = run.Fixture;
        var outbox = run.Node.Outbox.Counters();
        Assert.Equal(Devices * 720, run.Fed.Count(f => f.DuringOutage));

        // Every frame was taken (none refused as full) and the outbox never went over its bound.
        Assert.Equal(0L, outbox.Full);
        Assert.All(run.Samples, s => Assert.True(s.Bytes <= run.Options.Outbox.MaxBytes, $"outbox {s.Bytes} B over its bound"));
        Assert.True(outbox.EvictedFrames > run.Fed.Count / 2, $"only {outbox.EvictedFrames} frames evicted; the outage did not go far past the bound");

        // Drained; every result arrived; the telemetry stored and the gaps reported add up to the telemetry fed, exactly.
        Assert.Equal((0L, 0L), (outbox.PendingItems, outbox.UnackedBatches));
        var stored = fixture.StoredOrder.ToHashSet();
        Assert.Equal(fixture.StoredOrder.Count, stored.Count);
        var results = run.Fed.Where(f => f.IsResult).Select(Key).ToList();
        Assert.All(results, r => Assert.Contains(r, stored));
        var telemetry = run.Fed.Where(f => !f.IsResult).ToList();
        var gaps = fixture.Gaps.ToList();
        var lost = gaps.SelectMany(g => Enumerable.Range(0, (int)(g.LastSeq - g.FirstSeq + 1)).Select(i => new SequenceKey(g.DeviceId, g.Boot, g.FirstSeq + (ulong)i))).ToList();
        Assert.Equal(lost.Count, lost.Distinct().Count());
        Assert.Empty(lost.Intersect(stored));
        Assert.Empty(lost.Intersect(results));
        Assert.Equal(telemetry.Select(Key).ToHashSet(), stored.Except(results).Union(lost).ToHashSet());
        Assert.Equal(outbox.EvictedFrames, lost.Count);
        Assert.Equal(telemetry.Sum(f => f.Readings), fixture.ReadingsStored + gaps.Sum(g => (long)g.Readings));

        // The oldest went first: per device, every telemetry frame lost is older than every telemetry frame kept from the outage.
        foreach (var device in telemetry.Where(f => f.DuringOutage).GroupBy(f => f.Device))
        {
            var lostSeqs = lost.Where(k => k.Sender == device.Key).Select(k => k.Seq).ToList();
            var keptSeqs = device.Select(f => (ulong)f.Seq).Except(lostSeqs).ToList();
            Assert.NotEmpty(lostSeqs);
            Assert.NotEmpty(keptSeqs);
            Assert.True(lostSeqs.Max() < keptSeqs.Min(), $"{device.Key}: lost up to seq {lostSeqs.Max()} but kept seq {keptSeqs.Min()}");

            // One gap item per run between two results: runs that meet were merged, not reported evicted frame by frame.
            var runs = gaps.Where(g => g.DeviceId == device.Key).OrderBy(g => g.FirstSeq).ToList();
            Assert.All(runs.Zip(runs.Skip(1)), pair => Assert.NotEqual(pair.First.LastSeq + 1, pair.Second.FirstSeq));
            Assert.True(runs.Count <= (lostSeqs.Count / 59) + 2, $"{device.Key}: {runs.Count} gap items for {lostSeqs.Count} frames lost");
        }

        AssertReconnectFollowedTheBackoff(run);
        AssertNoDuplicateStored(run);
    }

    private static SequenceKey Key(FedFrame frame) => new(frame.Device, 1, frame.Seq);

    /// <summary>Attempts while down: exactly the seeded schedule, within what any jitter allows, more than one; one more to reconnect.</summary>
    private static void AssertReconnectFollowedTheBackoff(OutageRun run)
    {
        var report = run.Report();
        Assert.Equal(run.ScheduledAttempts, run.AttemptsDuringOutage);
        Assert.InRange(run.AttemptsDuringOutage, report.FewestAttempts, report.MostAttempts);
        Assert.True(run.AttemptsDuringOutage > 1, "the uplink gave up");
        Assert.Equal(1, run.AttemptsToReconnect);
        Assert.InRange(run.ReconnectAfter, TimeSpan.Zero, run.Options.Uplink.BackoffMax);
        Assert.Equal(0, run.Node.Uplink.Events[UplinkEvent.AckRejected]);
    }

    /// <summary>Frames stored once; a batch received twice only as an unchanged resend, acknowledged again and counted.</summary>
    private static void AssertNoDuplicateStored(OutageRun run)
    {
        var fixture = run.Fixture;
        Assert.Equal(0, Interlocked.Read(ref fixture.FrameDuplicates));
        Assert.Equal(0, Interlocked.Read(ref fixture.BatchConflicts));
        Assert.Equal(0, Interlocked.Read(ref fixture.BatchesRefused));
        Assert.Equal(fixture.StoredOrder.Count, fixture.StoredOrder.Distinct().Count());
        Assert.True(Interlocked.Read(ref fixture.BatchDuplicates) <= run.Node.Uplink.Events[UplinkEvent.BatchResent], "a batch arrived twice without being resent");
    }
}
