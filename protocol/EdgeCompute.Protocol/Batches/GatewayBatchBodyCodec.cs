using System.Formats.Cbor;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Ids;
using EdgeCompute.Protocol.Internal;

namespace EdgeCompute.Protocol.Batches;

/// <summary>
/// Encodes and decodes the decompressed <see cref="GatewayBatchBody"/>. Device frames and SenML packs inside items stay
/// as bytes: decode them with <see cref="DeviceFrameCodec"/> and <see cref="Telemetry.WindowSummaryCodec"/>.
/// </summary>
public static class GatewayBatchBodyCodec
{
    private const string What = "batch body";

    /// <summary>The most idle CPU permille.</summary>
    public const uint MaxPermille = 1000;

    /// <summary>Encodes a body.</summary>
    /// <param name="body">The body.</param>
    /// <returns>The raw (uncompressed) body bytes.</returns>
    /// <exception cref="ArgumentException">An item breaks the spec, or there are too many items or bytes.</exception>
    public static byte[] Encode(GatewayBatchBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(body.Items);
        if (body.Items.Count > ProtocolLimits.MaxBatchItems)
        {
            throw new ArgumentException($"{What}: {body.Items.Count} items exceeds {ProtocolLimits.MaxBatchItems}", nameof(body));
        }

        var writer = CborOutput.Create();
        writer.WriteStartMap(body.Status is null ? 1 : 2);
        writer.WriteInt32(1);
        writer.WriteStartArray(body.Items.Count);
        foreach (var item in body.Items)
        {
            WriteItem(writer, item);
        }

        writer.WriteEndArray();
        if (body.Status is { } status)
        {
            writer.WriteInt32(2);
            GatewayStatusCodec.Write(writer, status, What);
        }

        writer.WriteEndMap();
        var bytes = writer.Encode();
        return bytes.Length <= ProtocolLimits.MaxBatchRawBytes
            ? bytes
            : throw new ArgumentException($"{What}: {bytes.Length} bytes exceeds {ProtocolLimits.MaxBatchRawBytes}", nameof(body));
    }

    /// <summary>Decodes a decompressed body.</summary>
    /// <param name="raw">The raw body bytes.</param>
    /// <returns>The body, or why it was refused.</returns>
    public static DecodeResult<GatewayBatchBody> Decode(ReadOnlyMemory<byte> raw) =>
        CborDecoding.Run(raw, ProtocolLimits.MaxBatchRawBytes, What, Read);

    private static void WriteItem(CborWriter writer, BatchItem item)
    {
        switch (item)
        {
            case DeviceFrameItem frame:
                if (frame.Frame.Length > ProtocolLimits.MaxDevicePayloadBytes)
                {
                    throw new ArgumentException($"{What}: a device frame of {frame.Frame.Length} bytes exceeds {ProtocolLimits.MaxDevicePayloadBytes}", nameof(item));
                }

                writer.WriteStartArray(2);
                writer.WriteInt32(1);
                writer.WriteByteString(frame.Frame.Span);
                break;
            case GatewayTelemetryItem telemetry:
                writer.WriteStartArray(2);
                writer.WriteInt32(2);
                writer.WriteByteString(telemetry.Pack.Span);
                break;
            case DeviceStateItem state:
                ProtocolId.Validate(state.DeviceId, "device id");
                ArgumentOutOfRangeException.ThrowIfNegative(state.TimeMs, nameof(item));
                writer.WriteStartArray(4);
                writer.WriteInt32(3);
                writer.WriteTextString(state.DeviceId);
                writer.WriteBoolean(state.Online);
                writer.WriteInt64(state.TimeMs);
                break;
            case TelemetryGapItem gap:
                ProtocolId.Validate(gap.DeviceId, "device id");
                if (gap.FirstSeq > gap.LastSeq)
                {
                    throw new ArgumentException($"{What}: gap first seq {gap.FirstSeq} is after last seq {gap.LastSeq}", nameof(item));
                }

                writer.WriteStartArray(6);
                writer.WriteInt32(4);
                writer.WriteTextString(gap.DeviceId);
                writer.WriteUInt32(gap.Boot);
                writer.WriteUInt32(gap.FirstSeq);
                writer.WriteUInt32(gap.LastSeq);
                writer.WriteUInt64(gap.Readings);
                break;
            case TaskReturnedItem returned:
                ProtocolId.Validate(returned.TaskId, "task id");
                ProtocolId.Validate(returned.DeviceId, "device id");
                if (returned.Reason is < TaskReturnReason.DeviceOffline or > TaskReturnReason.DeviceRefused)
                {
                    throw new ArgumentException($"{What}: return reason {(int)returned.Reason} is not 1, 2 or 3", nameof(item));
                }

                writer.WriteStartArray(5);
                writer.WriteInt32(5);
                writer.WriteTextString(returned.TaskId);
                writer.WriteUInt32(returned.Slot);
                writer.WriteTextString(returned.DeviceId);
                writer.WriteInt32((int)returned.Reason);
                break;
            case GatewayTaskResultItem result:
                WriteTaskResult(writer, result);
                break;
            default:
                throw new ArgumentException($"{What}: unknown item type {item?.GetType().Name ?? "null"}", nameof(item));
        }

        writer.WriteEndArray();
    }

    private static GatewayBatchBody Read(CborReader reader)
    {
        var keys = new MapKeys(reader, What);
        var items = new List<BatchItem>();
        GatewayStatus? status = null;
        while (keys.Next(reader, out var key))
        {
            switch (key)
            {
                case 1:
                    var count = reader.ReadArray("items (key 1)", 0, ProtocolLimits.MaxBatchItems);
                    items.Capacity = count;
                    for (var i = 0; i < count; i++)
                    {
                        items.Add(ReadItem(reader, $"item {i}"));
                    }

                    reader.ReadEndArray();
                    break;
                case 2:
                    status = GatewayStatusCodec.Read(reader);
                    break;
                default: throw keys.Unexpected((ulong)key);
            }
        }

        keys.Require(1, "items");
        return new GatewayBatchBody(items, status);
    }

    private static BatchItem ReadItem(CborReader reader, string what)
    {
        var length = reader.ReadArray(what, 1, 7);
        var kind = reader.ReadUInt($"{what} kind");
        var expected = kind switch { 1 or 2 => 2, 3 => 4, 4 or 6 => 6, 5 => 5, 7 => 7, _ => 0 };
        if (expected == 0)
        {
            throw CborFields.Invalid(what, $"kind {kind} is not 1 to 7");
        }

        if (length != expected)
        {
            throw CborFields.Invalid(what, $"kind {kind} has {expected} elements, found {length}");
        }

        BatchItem item = kind switch
        {
            1 => new DeviceFrameItem(reader.ReadBytes($"{what} frame", ProtocolLimits.MaxDevicePayloadBytes)),
            2 => new GatewayTelemetryItem(reader.ReadBytes($"{what} senml", ProtocolLimits.MaxBatchRawBytes)),
            3 => new DeviceStateItem(reader.ReadId($"{what} device id"), reader.ReadBool($"{what} online"), reader.ReadUInt63($"{what} time")),
            4 => ReadGap(reader, what),
            5 => ReadReturned(reader, what),
            6 => ReadTaskResult(reader, what),
            _ => ReadTaskResultBlob(reader, what),
        };
        reader.ReadEndArray();
        return item;
    }

    private static TelemetryGapItem ReadGap(CborReader reader, string what)
    {
        var gap = new TelemetryGapItem(
            reader.ReadId($"{what} device id"),
            reader.ReadUInt32($"{what} boot"),
            reader.ReadUInt32($"{what} first seq"),
            reader.ReadUInt32($"{what} last seq"),
            reader.ReadUInt($"{what} readings"));
        return gap.FirstSeq <= gap.LastSeq ? gap : throw CborFields.Invalid(what, $"first seq {gap.FirstSeq} is after last seq {gap.LastSeq}");
    }

    private static TaskReturnedItem ReadReturned(CborReader reader, string what)
    {
        var taskId = reader.ReadId($"{what} task id");
        var slot = reader.ReadUInt32($"{what} slot");
        var deviceId = reader.ReadId($"{what} device id");
        var reason = reader.ReadUInt($"{what} reason");
        return reason is >= 1 and <= 3
            ? new TaskReturnedItem(taskId, slot, deviceId, (TaskReturnReason)reason)
            : throw CborFields.Invalid($"{what} reason", $"{reason} is not 1, 2 or 3");
    }

    private static void WriteTaskResult(CborWriter writer, GatewayTaskResultItem result)
    {
        ProtocolId.Validate(result.TaskId, "task id");
        if (result.Status > GatewayTaskStatus.Cancelled)
        {
            throw new ArgumentException($"{What}: gateway task status {(int)result.Status} is not 0 to {(int)GatewayTaskStatus.Cancelled}", nameof(result));
        }

        if (result.OutputBlob is { } blob)
        {
            WriteTaskResultBlob(writer, result, blob);
            return;
        }

        if (result.Output.Length > GatewayTaskResultItem.MaxOutputBytes || (result.Status != GatewayTaskStatus.Ok && !result.Output.IsEmpty))
        {
            throw new ArgumentException($"{What}: a gateway task output must be empty unless the status is 0, and at most {GatewayTaskResultItem.MaxOutputBytes} bytes", nameof(result));
        }

        writer.WriteStartArray(6);
        writer.WriteInt32(6);
        writer.WriteTextString(result.TaskId);
        writer.WriteUInt32(result.Slot);
        writer.WriteInt32((int)result.Status);
        writer.WriteUInt64(result.Fuel);
        writer.WriteByteString(result.Output.Span);
    }

    private static GatewayTaskResultItem ReadTaskResult(CborReader reader, string what)
    {
        var taskId = reader.ReadId($"{what} task id");
        var slot = reader.ReadUInt32($"{what} slot");
        var status = reader.ReadUInt($"{what} status");
        var fuel = reader.ReadUInt($"{what} fuel");
        var output = reader.ReadBytes($"{what} output", GatewayTaskResultItem.MaxOutputBytes);
        if (status > (ulong)GatewayTaskStatus.Cancelled)
        {
            throw CborFields.Invalid($"{what} status", $"{status} is not 0 to {(int)GatewayTaskStatus.Cancelled}");
        }

        return status == 0 || output.Length == 0
            ? new GatewayTaskResultItem(taskId, slot, (GatewayTaskStatus)status, fuel, output)
            : throw CborFields.Invalid($"{what} output", $"must be empty when the status is {status}");
    }

    private static void WriteTaskResultBlob(CborWriter writer, GatewayTaskResultItem result, GatewayTaskOutputBlob blob)
    {
        if (result.Status != GatewayTaskStatus.Ok || !result.Output.IsEmpty || !GatewayTaskOutputBlob.IsHash(blob.Sha256)
            || blob.Size is 0 or > GatewayTaskResultItem.MaxBlobOutputBytes)
        {
            throw new ArgumentException($"{What}: an output blob needs status 0, no inline output, a SHA-256 of 64 lowercase hex and a size of 1 to {GatewayTaskResultItem.MaxBlobOutputBytes}", nameof(result));
        }

        writer.WriteStartArray(7);
        writer.WriteInt32(7);
        writer.WriteTextString(result.TaskId);
        writer.WriteUInt32(result.Slot);
        writer.WriteInt32(0);
        writer.WriteUInt64(result.Fuel);
        writer.WriteByteString(Convert.FromHexString(blob.Sha256));
        writer.WriteUInt64(blob.Size);
    }

    private static GatewayTaskResultItem ReadTaskResultBlob(CborReader reader, string what)
    {
        var taskId = reader.ReadId($"{what} task id");
        var slot = reader.ReadUInt32($"{what} slot");
        var status = reader.ReadUInt($"{what} status");
        var fuel = reader.ReadUInt($"{what} fuel");
        var sha256 = reader.ReadBytesExact($"{what} output sha256", 32);
        var size = reader.ReadUInt($"{what} output size");
        if (status != 0)
        {
            throw CborFields.Invalid($"{what} status", $"{status} is not 0 (only a task that ended ok has an output blob)");
        }

        return size is >= 1 and <= GatewayTaskResultItem.MaxBlobOutputBytes
            ? new GatewayTaskResultItem(taskId, slot, GatewayTaskStatus.Ok, fuel, ReadOnlyMemory<byte>.Empty)
            {
                OutputBlob = new GatewayTaskOutputBlob(Convert.ToHexStringLower(sha256), size),
            }
            : throw CborFields.Invalid($"{what} output size", $"{size} is not 1 to {GatewayTaskResultItem.MaxBlobOutputBytes}");
    }
}
