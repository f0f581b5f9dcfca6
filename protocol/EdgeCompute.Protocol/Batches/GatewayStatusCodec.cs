using System.Formats.Cbor;
using EdgeCompute.Protocol.Internal;

namespace EdgeCompute.Protocol.Batches;

/// <summary>
/// The gateway status map (key 2 of a batch body). Keys 1 to 3 are required (status v1); 4 to 8 are optional (status v2)
/// and written only when set, so a status without them is byte for byte the v1 form. Unlike every other map of the
/// protocol this one is open: a key above <see cref="LastKnownKey"/> is skipped (still ascending, once each, well-formed),
/// so a later field does not make this decoder refuse a whole batch.
/// </summary>
internal static class GatewayStatusCodec
{
    /// <summary>The highest key this version reads.</summary>
    public const int LastKnownKey = 8;

    private const string Field = "gateway status (key 2)";

    public static void Write(CborWriter writer, GatewayStatus status, string what)
    {
        if (status.IdleCpuPermille > GatewayBatchBodyCodec.MaxPermille)
        {
            throw new ArgumentException($"{what}: idle CPU {status.IdleCpuPermille} permille exceeds {GatewayBatchBodyCodec.MaxPermille}", nameof(status));
        }

        ulong?[] optional = [status.OutboxBytes, status.UnackedBatches, status.OutboxEvictions, status.UplinkReconnects, status.ConnectedDevices];
        writer.WriteStartMap(3 + optional.Count(v => v is not null));
        writer.WriteInt32(1);
        writer.WriteUInt32(status.IdleCpuPermille);
        writer.WriteInt32(2);
        writer.WriteUInt64(status.FreeMemoryBytes);
        writer.WriteInt32(3);
        writer.WriteUInt64(status.OutboxDepth);
        for (var i = 0; i < optional.Length; i++)
        {
            if (optional[i] is { } value)
            {
                writer.WriteInt32(4 + i);
                writer.WriteUInt64(value);
            }
        }

        writer.WriteEndMap();
    }

    public static GatewayStatus Read(CborReader reader)
    {
        var keys = new MapKeys(reader, Field);
        uint idle = 0;
        ulong free = 0, depth = 0;
        ulong? bytes = null, unacked = null, evictions = null, reconnects = null, devices = null;
        while (keys.Next(reader, out var key))
        {
            switch (key)
            {
                case 1: idle = reader.ReadUInt32($"{Field} idle CPU permille"); break;
                case 2: free = reader.ReadUInt($"{Field} free memory"); break;
                case 3: depth = reader.ReadUInt($"{Field} outbox depth"); break;
                case 4: bytes = reader.ReadUInt($"{Field} outbox bytes"); break;
                case 5: unacked = reader.ReadUInt($"{Field} unacked batches"); break;
                case 6: evictions = reader.ReadUInt($"{Field} outbox evictions"); break;
                case 7: reconnects = reader.ReadUInt($"{Field} uplink reconnects"); break;
                case 8: devices = reader.ReadUInt($"{Field} connected devices"); break;
                default: reader.SkipValue(); break; // a later status field: open map, see the class summary
            }
        }

        keys.Require(1, "idle CPU permille");
        keys.Require(2, "free memory bytes");
        keys.Require(3, "outbox depth");
        return idle <= GatewayBatchBodyCodec.MaxPermille
            ? new GatewayStatus(idle, free, depth, bytes, unacked, evictions, reconnects, devices)
            : throw CborFields.Invalid(Field, $"idle CPU {idle} permille exceeds {GatewayBatchBodyCodec.MaxPermille}");
    }
}
