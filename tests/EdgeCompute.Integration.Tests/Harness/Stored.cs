namespace EdgeCompute.Integration.Tests.Harness;

/// <summary>What the coordinator's PostgreSQL store holds, read straight from its tables and from <c>GET /api/stats</c>.</summary>
internal sealed record Stored(long Readings, long Frames, long StatsReadings, long Batches, long Duplicates, long Conflicts, long Lost)
{
    public static async Task<Stored> ReadAsync(ProcessNetwork network, CoordinatorProcess coordinator)
    {
        var stats = await CoordinatorStats.TryReadAsync(network.Http, coordinator.HttpPort)
            ?? throw new InvalidOperationException($"{coordinator.Process.Name}'s API does not answer\n{coordinator.Process.Tail()}");
        var database = network.Database;
        return new Stored(
            await database.ScalarAsync("SELECT COALESCE(SUM(readings), 0) FROM telemetry_frames"),
            await database.ScalarAsync("SELECT COUNT(*) FROM telemetry_frames"),
            stats.ReadingsStored,
            await database.ScalarAsync("SELECT COUNT(*) FROM telemetry_batches"),
            stats.DuplicatesDropped,
            stats.ConflictsRejected,
            stats.ReadingsLost);
    }

    /// <summary>
    /// Waits until the store holds at least <paramref name="expected"/> readings (the gateways' outboxes drained) and reads
    /// it again, so the caller compares exactly: more than expected is a reading stored twice, fewer never arrives.
    /// </summary>
    public static async Task<Stored> WaitForAsync(ProcessNetwork network, CoordinatorProcess coordinator, long expected, TimeSpan timeout)
    {
        Stored? last = null;
        await Poll.UntilAsync(async () => (last = await ReadAsync(network, coordinator)).Readings >= expected && last.StatsReadings >= expected,
            $"{expected} readings stored", timeout, () => $"{last}\n{network.Tails(8)}");
        return await ReadAsync(network, coordinator);
    }
}
