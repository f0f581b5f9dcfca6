using System.Data.Common;
using EdgeCompute.Protocol.Batches;

namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>
/// The <c>gateway_status</c> table, one row per gateway: the status of its latest stored batch that carried one, written
/// inside that batch's transaction (like <c>device_nodes</c>); a batch received earlier never overwrites a later one.
/// </summary>
internal static class GatewayStatusJournal
{
    public static async Task WriteAsync(DbConnection connection, DbTransaction transaction, TelemetryBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Status is not { } status)
        {
            return;
        }

        await TelemetryJournal.ExecuteAsync(connection, transaction,
            "INSERT INTO gateway_status (gateway, idle_cpu_permille, free_memory_bytes, outbox_depth, time_ms, " +
            "outbox_bytes, unacked_batches, outbox_evictions, uplink_reconnects, connected_devices) VALUES (@g, @c, @m, @d, @t, @ob, @ua, @ev, @rc, @cd) " +
            "ON CONFLICT (gateway) DO UPDATE SET idle_cpu_permille = excluded.idle_cpu_permille, free_memory_bytes = excluded.free_memory_bytes, " +
            "outbox_depth = excluded.outbox_depth, time_ms = excluded.time_ms, outbox_bytes = excluded.outbox_bytes, unacked_batches = excluded.unacked_batches, " +
            "outbox_evictions = excluded.outbox_evictions, uplink_reconnects = excluded.uplink_reconnects, connected_devices = excluded.connected_devices " +
            "WHERE gateway_status.time_ms <= excluded.time_ms", cancellationToken,
            ("g", batch.GatewayId), ("c", (long)status.IdleCpuPermille), ("m", Clamp(status.FreeMemoryBytes)), ("d", Clamp(status.OutboxDepth)),
            ("t", batch.ReceivedAtMs), ("ob", Optional(status.OutboxBytes)), ("ua", Optional(status.UnackedBatches)), ("ev", Optional(status.OutboxEvictions)),
            ("rc", Optional(status.UplinkReconnects)), ("cd", Optional(status.ConnectedDevices))).ConfigureAwait(false);
    }

    // A gateway's number past 2^63 - 1 (nonsense, but the codec takes any unsigned) must not fail its batch's commit.
    private static long Clamp(ulong value) => (long)Math.Min(value, long.MaxValue);

    // A status v2 field the gateway did not send (an older gateway) stays NULL, never 0.
    private static object Optional(ulong? value) => value is { } v ? Clamp(v) : DBNull.Value;

    private static ulong? Optional(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : (ulong)reader.GetInt64(ordinal);

    public static async Task<IReadOnlyList<GatewayStatusRecord>> ReadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var records = new List<GatewayStatusRecord>();
        await using var command = TelemetryJournal.Command(connection, null, "SELECT gateway, idle_cpu_permille, free_memory_bytes, outbox_depth, time_ms, " +
            "outbox_bytes, unacked_batches, outbox_evictions, uplink_reconnects, connected_devices FROM gateway_status");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new GatewayStatusRecord(reader.GetString(0),
                new GatewayStatus(checked((uint)reader.GetInt64(1)), (ulong)reader.GetInt64(2), (ulong)reader.GetInt64(3),
                    Optional(reader, 5), Optional(reader, 6), Optional(reader, 7), Optional(reader, 8), Optional(reader, 9)), reader.GetInt64(4)));
        }

        records.Sort((x, y) => string.CompareOrdinal(x.GatewayId, y.GatewayId));
        return records;
    }
}
