using System.Data.Common;

namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>
/// Last-seen times from the telemetry tables, read once at start (never written on the batch path beyond the rare birth
/// and state rows): a gateway's latest batch, a device's latest batch holding its frames (one pass over the frames,
/// joined to their batch for its receive time) and the <c>device_seen</c> row its births and states keep.
/// </summary>
internal static class NodeSeenJournal
{
    public static async Task WriteAsync(DbConnection connection, DbTransaction transaction, TelemetryBatch batch, CancellationToken cancellationToken)
    {
        var devices = (batch.Births ?? []).Select(b => b.DeviceId).Concat(batch.States.Select(s => s.DeviceId)).Distinct(StringComparer.Ordinal);
        await DbRows.ExecuteEachAsync(connection, transaction,
            "INSERT INTO device_seen (device, seen_ms) VALUES (@a, @t) " +
            "ON CONFLICT (device) DO UPDATE SET seen_ms = excluded.seen_ms WHERE device_seen.seen_ms <= excluded.seen_ms",
            devices.Select(device => new (string, object?)[] { ("a", device), ("t", batch.ReceivedAtMs) }), cancellationToken).ConfigureAwait(false);
    }

    public static async Task<IReadOnlyList<NodeSeenRecord>> ReadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var gateways = new Dictionary<string, NodeSeenRecord>(StringComparer.Ordinal);
        var devices = new Dictionary<string, NodeSeenRecord>(StringComparer.Ordinal);
        await ReadInto(connection, "SELECT gateway, MAX(received_at_ms) FROM telemetry_batches GROUP BY gateway", true, gateways, cancellationToken).ConfigureAwait(false);
        await ReadInto(connection,
            "SELECT f.device, MAX(b.received_at_ms) FROM telemetry_frames f " +
            "JOIN telemetry_batches b ON b.gateway = f.gateway AND b.boot = f.batch_boot AND b.seq = f.batch_seq GROUP BY f.device",
            false, devices, cancellationToken).ConfigureAwait(false);
        await ReadInto(connection, "SELECT device, seen_ms FROM device_seen", false, devices, cancellationToken).ConfigureAwait(false);
        return [.. gateways.Values.OrderBy(r => r.NodeId, StringComparer.Ordinal), .. devices.Values.OrderBy(r => r.NodeId, StringComparer.Ordinal)];
    }

    private static async Task ReadInto(DbConnection connection, string sql, bool isGateway, Dictionary<string, NodeSeenRecord> into, CancellationToken cancellationToken)
    {
        await using var command = TelemetryJournal.Command(connection, null, sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var record = new NodeSeenRecord(reader.GetString(0), isGateway, reader.GetInt64(1));
            if (!into.TryGetValue(record.NodeId, out var known) || known.SeenMs < record.SeenMs)
            {
                into[record.NodeId] = record;
            }
        }
    }
}
