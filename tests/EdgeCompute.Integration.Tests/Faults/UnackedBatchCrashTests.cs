using System.Globalization;
using EdgeCompute.Integration.Tests.Harness;
using EdgeCompute.Tests;

namespace EdgeCompute.Integration.Tests.Faults;

/// <summary>
/// A gateway killed with SIGKILL while batches it sent are not acked yet: the coordinator is frozen (SIGSTOP) so the
/// gateway's batches wait in Mosquitto for its shared subscription and no ack comes back; the gateway is killed; the
/// coordinator resumes (SIGCONT), stores the queued batches and acks them to nobody; the gateway restarts on the same
/// outbox and resends them unchanged, and the coordinator drops them as duplicates.
/// </summary>
[Collection(FaultTestCollection.Name)]
public sealed class UnackedBatchCrashTests
{
    private const string GatewayId = "gw-01";

    // batches published to the frozen coordinator and not stored when the gateway dies
    private const int UnackedToWaitFor = 3;

    [Fact]
    public async Task Gateway_killed_with_sent_but_unacked_batches_resends_them_and_the_coordinator_stores_them_once()
    {
        var seed = TestSeed.Pick(6211);
        await using var network = await ProcessNetwork.StartAsync(devices: 6, gateways: 1);
        var coordinator = await network.StartCoordinatorAsync();
        await using var tap = await UplinkTap.StartAsync(network.Broker);
        var gateway = await network.StartGatewayAsync(GatewayId);
        var simulation = network.StartSimulation(GatewayId, seed, seconds: 30);

        await Poll.UntilAsync(async () => (await Stored.ReadAsync(network, coordinator)).Frames >= 12, "12 frames stored before the freeze", TimeSpan.FromSeconds(60),
            () => network.Tails());
        Assert.False(simulation.HasExited, "the simulation ended before the freeze; nothing would be mid-stream");
        var before = await Stored.ReadAsync(network, coordinator);

        // Frozen, the coordinator stores nothing and acks nothing: a batch the broker passed on and the store does not
        // hold is one the gateway sent and will never see acked. The store is read straight from PostgreSQL meanwhile.
        coordinator.Process.Pause();
        var publishedBeforeFreeze = tap.Count;
        HashSet<(uint Boot, ulong Seq)> unacked = [];
        await Poll.UntilAsync(async () => (unacked = await UnstoredAsync(network, tap)).Count >= UnackedToWaitFor,
            $"{UnackedToWaitFor} batches published by {GatewayId} and not stored by the frozen coordinator", TimeSpan.FromSeconds(60),
            () => $"{tap.Count - publishedBeforeFreeze} batches published since the freeze, {unacked.Count} not stored\n{gateway.Tail(10)}");
        await gateway.KillAsync();
        var publishedDuringFreeze = tap.Count - publishedBeforeFreeze;
        coordinator.Process.Resume();

        // The broker kept them for the coordinator's session: it stores them now and publishes acks the dead gateway never reads.
        await Poll.UntilAsync(async () => !(await UnstoredAsync(network, tap)).Overlaps(unacked),
            $"the {unacked.Count} batches queued in Mosquitto during the freeze stored by the resumed coordinator", TimeSpan.FromSeconds(120),
            () => $"coordinator lost the broker {coordinator.Process.CountErrorLines("Lost the external broker")} times (a freeze past its keepalive drops " +
                $"the session and the queue with it)\n{coordinator.Process.Tail(15)}");
        var atRestart = await Stored.ReadAsync(network, coordinator);
        var publishedBeforeRestart = tap.Count;
        var restarted = await network.StartGatewayAsync(GatewayId);

        // The restarted gateway resends them (after its resend timeout) with the same boot, seq and bytes: duplicates.
        await Poll.UntilAsync(async () => unacked.IsSubsetOf(tap.Received.Skip(publishedBeforeRestart).Select(b => (b.Boot, b.Seq)))
                && await CounterAsync(network, "batch_duplicates") >= unacked.Count,
            $"the {unacked.Count} unacked batches resent by the restarted {GatewayId} and dropped as duplicates", TimeSpan.FromSeconds(120),
            () => $"resent {string.Join(", ", tap.Received.Skip(publishedBeforeRestart).Select(b => $"{b.Boot}/{b.Seq}"))}; unacked {Format(unacked)}\n{restarted.Tail(15)}");

        var sent = await ProcessNetwork.TotalsOfAsync(simulation, TimeSpan.FromMinutes(2));
        var stored = await Stored.WaitForAsync(network, coordinator, sent.ReadingsSent, TimeSpan.FromSeconds(120));
        var batchDuplicates = await CounterAsync(network, "batch_duplicates");
        var frameDuplicates = await CounterAsync(network, "frame_duplicates");
        var resent = restarted.CountErrorLines("Resent batch");
        TestLog.Line($"gateway SIGKILL with unacked batches: seed {seed}; stored before the freeze {before.Readings} readings in {before.Frames} frames; " +
            $"published to the frozen coordinator {publishedDuringFreeze} batches, unacked at the kill {unacked.Count} ({Format(unacked)}); stored at the restart " +
            $"{atRestart.Readings} readings in {atRestart.Frames} frames; sent {sent.ReadingsSent} readings in {sent.FramesSent} frames; stored {stored.Readings} " +
            $"readings in {stored.Frames} frames ({stored.StatsReadings} by /api/stats), {stored.Batches} batches; duplicate batches {batchDuplicates}, duplicate " +
            $"frames {frameDuplicates} ({stored.Duplicates} by /api/stats); batches resent after restart {resent}; conflicts {stored.Conflicts}; lost {stored.Lost}");

        Assert.True(sent.Disconnects > 0 || sent.ConnectAttempts > sent.Devices, "the devices never noticed the crash");
        Assert.True(stored.Frames > atRestart.Frames, "nothing was stored after the restart");
        Assert.True(resent >= unacked.Count, $"the restarted gateway logged {resent} resends for {unacked.Count} unacked batches");
        Assert.True(batchDuplicates >= unacked.Count, $"{batchDuplicates} duplicate batches for {unacked.Count} resent");
        Assert.Equal(sent.ReadingsSent, stored.Readings);
        Assert.Equal(sent.ReadingsSent, stored.StatsReadings);
        Assert.Equal(sent.FramesSent, stored.Frames);
        Assert.Equal(0, stored.Lost);
        Assert.Equal(0, stored.Conflicts);
    }

    /// <summary>The gateway's batches the broker passed on (as the tap saw them) that the store does not hold.</summary>
    private static async Task<HashSet<(uint Boot, ulong Seq)>> UnstoredAsync(ProcessNetwork network, UplinkTap tap)
    {
        var published = tap.Received.Where(b => b.Gateway == GatewayId).Select(b => (b.Boot, b.Seq)).ToHashSet();
        var rows = await network.Database.RowsAsync($"SELECT boot, seq FROM telemetry_batches WHERE gateway = '{GatewayId}'");
        published.ExceptWith(rows.Select(r => ((uint)Convert.ToInt64(r[0], CultureInfo.InvariantCulture), unchecked((ulong)Convert.ToInt64(r[1], CultureInfo.InvariantCulture)))));
        return published;
    }

    private static Task<long> CounterAsync(ProcessNetwork network, string name) =>
        network.Database.ScalarAsync($"SELECT COALESCE(MAX(value), 0) FROM telemetry_counters WHERE name = '{name}'");

    private static string Format(IEnumerable<(uint Boot, ulong Seq)> batches) => string.Join(", ", batches.Order().Select(b => $"{b.Boot}/{b.Seq}"));
}
