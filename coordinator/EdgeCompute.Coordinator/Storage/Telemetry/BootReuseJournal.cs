using System.Data.Common;
using EdgeCompute.Protocol.Sequencing;

namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>
/// The <c>device_boot_reuse</c> table, one row per (device, boot) used twice, written inside a stored batch's transaction:
/// a birth whose boot is below the highest boot already stored for its device (frames or the last birth), and any
/// MAC-verified frame that conflicts with a stored one (same device, boot and seq, other bytes). A birth at the highest
/// stored boot is a reconnect (the device announces itself again with the same bytes), so only its colliding frames tell.
/// </summary>
internal static class BootReuseJournal
{
    /// <summary>The highest boot stored for each device born in the batch, read before the batch's frames are written.</summary>
    public static async Task<Dictionary<string, uint>> HighestStoredBootsAsync(DbConnection connection, DbTransaction transaction, TelemetryBatch batch,
        CancellationToken cancellationToken)
    {
        var highest = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var device in (batch.Births ?? []).Select(b => b.DeviceId).Distinct(StringComparer.Ordinal))
        {
            await using var command = TelemetryJournal.Command(connection, transaction,
                "SELECT MAX(b) FROM (SELECT MAX(boot) AS b FROM telemetry_frames WHERE device = @a UNION ALL SELECT boot AS b FROM device_nodes WHERE device = @a) AS stored",
                ("a", device));
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long boot)
            {
                highest[device] = checked((uint)boot);
            }
        }

        return highest;
    }

    /// <summary>Records the reused boots the batch showed; returns them, each marked new or already known.</summary>
    public static async Task<IReadOnlyList<BootReuseRecord>> WriteAsync(DbConnection connection, DbTransaction transaction, TelemetryBatch batch,
        IReadOnlyDictionary<string, uint> highestBefore, IReadOnlyList<SequenceClass> frameOutcomes, CancellationToken cancellationToken)
    {
        var reused = new SortedDictionary<(string Device, uint Boot), long>(Comparer<(string Device, uint Boot)>.Create((x, y) =>
            string.CompareOrdinal(x.Device, y.Device) is var c and not 0 ? c : x.Boot.CompareTo(y.Boot)));
        foreach (var birth in batch.Births ?? [])
        {
            if (highestBefore.TryGetValue(birth.DeviceId, out var highest) && birth.Boot < highest)
            {
                reused.TryAdd((birth.DeviceId, birth.Boot), 0);
            }
        }

        for (var i = 0; i < frameOutcomes.Count; i++)
        {
            if (frameOutcomes[i] == SequenceClass.Conflict)
            {
                var frame = batch.Frames[i];
                reused[(frame.DeviceId, frame.Boot)] = reused.GetValueOrDefault((frame.DeviceId, frame.Boot)) + 1;
            }
        }

        if (reused.Count == 0)
        {
            return [];
        }

        var keys = reused.ToArray();
        var inserted = await DbRows.ExecuteEachAsync(connection, transaction,
            "INSERT INTO device_boot_reuse (device, boot, gateway, frames_refused, first_seen_ms, last_seen_ms) VALUES (@a, @b, @g, 0, @t, @t) ON CONFLICT DO NOTHING",
            keys.Select(k => new (string, object?)[] { ("a", k.Key.Device), ("b", (long)k.Key.Boot), ("g", batch.GatewayId), ("t", batch.ReceivedAtMs) }),
            cancellationToken).ConfigureAwait(false);
        await DbRows.ExecuteEachAsync(connection, transaction,
            "UPDATE device_boot_reuse SET frames_refused = frames_refused + @n, last_seen_ms = @t, gateway = @g WHERE device = @a AND boot = @b",
            keys.Select(k => new (string, object?)[] { ("a", k.Key.Device), ("b", (long)k.Key.Boot), ("g", batch.GatewayId), ("n", k.Value), ("t", batch.ReceivedAtMs) }),
            cancellationToken).ConfigureAwait(false);
        return [.. keys.Select((k, i) => new BootReuseRecord(k.Key.Device, k.Key.Boot, k.Value, inserted[i] == 1))];
    }

    /// <summary>Reads the reused boots per device: of every device, or of <paramref name="deviceIds"/> only (by the primary key).</summary>
    public static async Task<IReadOnlyList<DeviceBootReuse>> ReadAsync(DbConnection connection, IReadOnlyCollection<string>? deviceIds, CancellationToken cancellationToken)
    {
        const string Sql = "SELECT device, COUNT(*), SUM(frames_refused), MAX(boot), MAX(last_seen_ms) FROM device_boot_reuse";
        var devices = new List<DeviceBootReuse>();
        string[]?[] chunks = deviceIds is null ? [null] : [.. deviceIds.Distinct(StringComparer.Ordinal).Chunk(500)];
        foreach (var chunk in chunks)
        {
            await using var command = chunk is null
                ? TelemetryJournal.Command(connection, null, Sql + " GROUP BY device")
                : TelemetryJournal.Command(connection, null, $"{Sql} WHERE device IN ({string.Join(", ", chunk.Select((_, k) => $"@d{k}"))}) GROUP BY device",
                    [.. chunk.Select((id, k) => ($"d{k}", (object)id))]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                devices.Add(new DeviceBootReuse(reader.GetString(0), (int)reader.GetInt64(1), reader.GetInt64(2), checked((uint)reader.GetInt64(3)), reader.GetInt64(4)));
            }
        }

        devices.Sort((x, y) => string.CompareOrdinal(x.DeviceId, y.DeviceId));
        return devices;
    }
}
