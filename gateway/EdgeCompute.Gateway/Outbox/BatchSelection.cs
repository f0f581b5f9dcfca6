using EdgeCompute.Protocol.Batches;

namespace EdgeCompute.Gateway.Outbox;

/// <summary>Picks the oldest waiting items for the next batch, within its item count and raw byte budget.</summary>
internal static class BatchSelection
{
    /// <summary>Room kept for the body's map, item array header and gateway status.</summary>
    private const int BodyOverhead = 64;

    public static (List<long> Ids, List<BatchItem> Items) Select(OutboxSession session, int maxRawBytes, int maxItems)
    {
        using var command = session.Command(
            "SELECT id, kind, device, boot, seq, last_seq, online, time_ms, readings, payload, task, reason, fuel, hash FROM items WHERE batch_seq IS NULL ORDER BY id LIMIT $n",
            ("$n", (long)maxItems));
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        var items = new List<BatchItem>();
        var bytes = BodyOverhead;
        while (reader.Read())
        {
            var device = reader.GetString(2);
            BatchItem item = reader.GetInt32(1) switch
            {
                OutboxSchema.KindFrame => new DeviceFrameItem((byte[])reader.GetValue(9)),
                OutboxSchema.KindState => new DeviceStateItem(device, reader.GetInt64(6) != 0, reader.GetInt64(7)),
                OutboxSchema.KindTaskReturned => new TaskReturnedItem(reader.GetString(10), (uint)reader.GetInt64(4), device, (TaskReturnReason)reader.GetInt64(11)),
                OutboxSchema.KindGatewayTelemetry => new GatewayTelemetryItem((byte[])reader.GetValue(9)),
                OutboxSchema.KindGatewayTaskResult => new GatewayTaskResultItem(
                    reader.GetString(10), (uint)reader.GetInt64(4), (GatewayTaskStatus)reader.GetInt64(11), unchecked((ulong)reader.GetInt64(12)), (byte[])reader.GetValue(9))
                {
                    OutputBlob = reader.IsDBNull(13) ? null : new GatewayTaskOutputBlob(Convert.ToHexStringLower((byte[])reader.GetValue(13)), (ulong)reader.GetInt64(8)),
                },
                _ => new TelemetryGapItem(device, (uint)reader.GetInt64(3), (uint)reader.GetInt64(4), (uint)reader.GetInt64(5), (ulong)reader.GetInt64(8)),
            };

            // CBOR: array header, kind, byte or text string header (≤ 3 bytes), integers (≤ 9 bytes each).
            var cost = item switch
            {
                DeviceFrameItem frame => frame.Frame.Length + 8,
                GatewayTelemetryItem telemetry => telemetry.Pack.Length + 8,
                GatewayTaskResultItem result => result.TaskId.Length + result.Output.Length + (result.OutputBlob is null ? 40 : 80), // kind 7: + hash and size
                _ => device.Length + 48,
            };
            if (bytes + cost > maxRawBytes && items.Count > 0)
            {
                break;
            }

            bytes += cost;
            ids.Add(reader.GetInt64(0));
            items.Add(item);
        }

        return (ids, items);
    }
}
