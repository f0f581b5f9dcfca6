using System.Data.Common;

namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>
/// The <c>device_nodes</c> table, one row per device, updated inside a stored batch's transaction by the same rules the
/// in-memory node directory applies: a birth sets the capabilities and marks the device online; a state item applies
/// when it is not older than the last one applied. Births first, then states, as the directory takes them.
/// </summary>
internal static class DeviceNodeJournal
{
    public static async Task WriteAsync(DbConnection connection, DbTransaction transaction, TelemetryBatch batch, CancellationToken cancellationToken)
    {
        await DbRows.ExecuteEachAsync(connection, transaction,
            "INSERT INTO device_nodes (device, gateway, boot, birth, online, state_time_ms) VALUES (@a, @g, @b, @h, 1, @t) " +
            "ON CONFLICT (device) DO UPDATE SET gateway = excluded.gateway, boot = excluded.boot, birth = excluded.birth, online = 1",
            (batch.Births ?? []).Select(birth => new (string, object?)[]
            {
                ("a", birth.DeviceId), ("g", batch.GatewayId), ("b", (long)birth.Boot), ("h", birth.Body.ToArray()), ("t", long.MinValue),
            }), cancellationToken).ConfigureAwait(false);
        await DbRows.ExecuteEachAsync(connection, transaction,
            "INSERT INTO device_nodes (device, gateway, boot, birth, online, state_time_ms) VALUES (@a, @g, 0, NULL, @o, @t) " +
            "ON CONFLICT (device) DO UPDATE SET gateway = excluded.gateway, online = excluded.online, state_time_ms = excluded.state_time_ms " +
            "WHERE device_nodes.state_time_ms <= excluded.state_time_ms",
            batch.States.Select(state => new (string, object?)[]
            {
                ("a", state.DeviceId), ("g", batch.GatewayId), ("o", state.Online ? 1L : 0L), ("t", state.TimeMs),
            }), cancellationToken).ConfigureAwait(false);
    }

    public static async Task<IReadOnlyList<DeviceNodeRecord>> ReadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var records = new List<DeviceNodeRecord>();
        await using var command = TelemetryJournal.Command(connection, null,
            "SELECT device, gateway, boot, birth, online, state_time_ms FROM device_nodes");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new DeviceNodeRecord(reader.GetString(0), reader.GetString(1), checked((uint)reader.GetInt64(2)),
                reader.IsDBNull(3) ? null : (byte[])reader.GetValue(3), reader.GetInt64(4) != 0, reader.GetInt64(5)));
        }

        records.Sort((x, y) => string.CompareOrdinal(x.DeviceId, y.DeviceId)); // the same order under either database's collation
        return records;
    }
}
