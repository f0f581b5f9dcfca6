using System.Data.Common;
using EdgeCompute.Coordinator.Domain.Epochs.Quality;

namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>
/// The <c>device_quality</c> table, one row per (epoch, device): an epoch's rows are deleted and written again in one
/// transaction, so a close re-run after a crash leaves each device once. Device ids compare bytewise in both databases
/// (<c>COLLATE "C"</c> under PostgreSQL), so pages follow one order.
/// </summary>
internal static class DeviceQualityJournal
{
    private const string Columns = "epoch_id, device, owner, approved, submitted, qualified, duplicate_readings, range_readings, stuck_readings, jump_readings, " +
        "neighbour_readings, gap_readings";

    public static async Task WriteAsync(DbConnection connection, DbTransaction transaction, long epochId, IReadOnlyList<DeviceDataQuality> devices,
        CancellationToken cancellationToken)
    {
        await TelemetryJournal.ExecuteAsync(connection, transaction, "DELETE FROM device_quality WHERE epoch_id = @e", cancellationToken, ("e", epochId)).ConfigureAwait(false);
        await DbRows.ExecuteEachAsync(connection, transaction,
            $"INSERT INTO device_quality ({Columns}) VALUES (@e, @d, @o, @a, @s, @q, @r1, @r2, @r3, @r4, @r5, @r6)",
            devices.Select(d => new (string, object?)[]
            {
                ("e", epochId), ("d", d.Device), ("o", d.Owner), ("a", d.Approved ? 1L : 0L), ("s", d.SubmittedReadings), ("q", d.QualifiedReadings),
                ("r1", d.Rejections.Duplicate), ("r2", d.Rejections.Range), ("r3", d.Rejections.Stuck), ("r4", d.Rejections.Jump), ("r5", d.Rejections.Neighbour),
                ("r6", d.Rejections.Gap),
            }), cancellationToken).ConfigureAwait(false);
    }

    public static Task<IReadOnlyList<DeviceQualityRecord>> ReadEpochAsync(DbConnection connection, long epochId, string? afterDevice, int limit,
        CancellationToken cancellationToken) =>
        ReadAsync(connection, $"SELECT {Columns} FROM device_quality WHERE epoch_id = @e AND device > @after ORDER BY device LIMIT @l", cancellationToken,
            ("e", epochId), ("after", afterDevice ?? ""), ("l", (long)limit));

    public static Task<IReadOnlyList<DeviceQualityRecord>> ReadLatestAsync(DbConnection connection, long maxEpochId, CancellationToken cancellationToken) =>
        ReadAsync(connection,
            $"SELECT {string.Join(", ", Columns.Split(", ").Select(c => "q." + c))} FROM device_quality q " +
            "JOIN (SELECT device, MAX(epoch_id) AS latest FROM device_quality WHERE epoch_id <= @m GROUP BY device) l ON q.device = l.device AND q.epoch_id = l.latest " +
            "ORDER BY q.device", cancellationToken, ("m", maxEpochId));

    /// <summary>As <see cref="ReadLatestAsync(DbConnection, long, CancellationToken)"/> for <paramref name="deviceIds"/> only (by <c>device_quality_latest</c>).</summary>
    public static async Task<IReadOnlyList<DeviceQualityRecord>> ReadLatestAsync(DbConnection connection, long maxEpochId, IReadOnlyCollection<string> deviceIds,
        CancellationToken cancellationToken)
    {
        var records = new List<DeviceQualityRecord>();
        foreach (var chunk in deviceIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Chunk(500))
        {
            var names = string.Join(", ", chunk.Select((_, k) => $"@d{k}"));
            records.AddRange(await ReadAsync(connection,
                $"SELECT {string.Join(", ", Columns.Split(", ").Select(c => "q." + c))} FROM device_quality q " +
                $"JOIN (SELECT device, MAX(epoch_id) AS latest FROM device_quality WHERE epoch_id <= @m AND device IN ({names}) GROUP BY device) l " +
                "ON q.device = l.device AND q.epoch_id = l.latest ORDER BY q.device", cancellationToken,
                [("m", maxEpochId), .. chunk.Select((id, k) => ($"d{k}", (object)id))]).ConfigureAwait(false));
        }

        return records;
    }

    private static async Task<IReadOnlyList<DeviceQualityRecord>> ReadAsync(DbConnection connection, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        var records = new List<DeviceQualityRecord>();
        await using var command = TelemetryJournal.Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new DeviceQualityRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3) != 0, reader.GetInt64(4), reader.GetInt64(5),
                new QualityRejections(reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(11))));
        }

        return records;
    }
}
