using System.Formats.Cbor;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Ids;
using EdgeCompute.Protocol.Internal;

namespace EdgeCompute.Protocol.Telemetry;

/// <summary>
/// Encodes and decodes <see cref="WindowSummary"/> as a SenML-CBOR pack (RFC 8428; docs/protocol.md, "Type 1: window summary"):
/// five records per channel (<c>{channel}/count</c>, <c>/min</c>, <c>/max</c>, <c>/mean</c>, <c>/var</c>), labels in the order
/// <c>bn</c>(-2), <c>bt</c>(-3), <c>n</c>(0), <c>u</c>(1), <c>v</c>(2), <c>t</c>(6); <c>bn</c>/<c>bt</c> only on the first record,
/// <c>u</c> on min, max and mean (always written, even when the unit is empty).
/// </summary>
public static class WindowSummaryCodec
{
    private const string What = "window summary";
    private const int RecordsPerChannel = 5;
    private static readonly string[] _suffixes = ["count", "min", "max", "mean", "var"];

    // SenML labels in their required order.
    private static readonly int[] _labels = [-2, -3, 0, 1, 2, 6];

    /// <summary>The most channels a pack can carry (256 records / 5).</summary>
    public const int MaxChannels = ProtocolLimits.MaxSenmlRecords / RecordsPerChannel;

    /// <summary>Encodes a summary as a SenML pack.</summary>
    /// <param name="summary">The summary.</param>
    /// <returns>The pack bytes (the frame body).</returns>
    /// <exception cref="ArgumentException">An id, channel, unit or value breaks the spec, or there are no or too many channels.</exception>
    public static byte[] Encode(WindowSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (Check(summary) is { } problem)
        {
            throw new ArgumentException($"{What}: {problem}", nameof(summary));
        }

        var writer = CborOutput.Create();
        writer.WriteStartArray(summary.Channels.Count * RecordsPerChannel);
        var first = true;
        foreach (var channel in summary.Channels)
        {
            for (var field = 0; field < RecordsPerChannel; field++)
            {
                var hasUnit = field is >= 1 and <= 3;
                writer.WriteStartMap((first ? 2 : 0) + (hasUnit ? 4 : 3));
                if (first)
                {
                    writer.WriteInt32(-2);
                    writer.WriteTextString(summary.SourceId + "/");
                    writer.WriteInt32(-3);
                    SenmlTime.Write(writer, summary.WindowStartMs);
                    first = false;
                }

                writer.WriteInt32(0);
                writer.WriteTextString($"{channel.Channel}/{_suffixes[field]}");
                if (hasUnit)
                {
                    writer.WriteInt32(1);
                    writer.WriteTextString(channel.Unit);
                }

                writer.WriteInt32(2);
                switch (field)
                {
                    case 0: writer.WriteInt64(channel.Count); break;
                    case 1: SenmlValue.Write(writer, channel.Exponent, channel.Min); break;
                    case 2: SenmlValue.Write(writer, channel.Exponent, channel.Max); break;
                    case 3: SenmlValue.Write(writer, channel.Exponent, channel.Mean); break;
                    default: SenmlValue.Write(writer, 2L * channel.Exponent, channel.Variance); break;
                }

                writer.WriteInt32(6);
                SenmlTime.Write(writer, summary.WindowLengthMs);
                writer.WriteEndMap();
            }
        }

        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>Decodes a SenML pack written by <see cref="Encode"/> or any device following the spec.</summary>
    /// <param name="pack">The pack bytes.</param>
    /// <returns>The summary, or why the pack was refused.</returns>
    public static DecodeResult<WindowSummary> Decode(ReadOnlyMemory<byte> pack) =>
        CborDecoding.Run(pack, ProtocolLimits.MaxBatchRawBytes, What, Read);

    private static string? Check(WindowSummary summary)
    {
        if (!ProtocolId.IsValid(summary.SourceId))
        {
            return ProtocolId.Describe(summary.SourceId, "source id");
        }

        if (summary.WindowStartMs < 0 || summary.WindowLengthMs < 0)
        {
            return "window start and length must not be negative";
        }

        if (summary.Channels is null || summary.Channels.Count is 0 or > MaxChannels)
        {
            return $"needs 1 to {MaxChannels} channels";
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var channel in summary.Channels)
        {
            if (ChannelRules.Check(channel) is { } problem)
            {
                return problem;
            }

            if (!names.Add(channel.Channel))
            {
                return $"channel {channel.Channel} appears twice";
            }
        }

        return null;
    }

    private static WindowSummary Read(CborReader reader)
    {
        var records = reader.ReadArray("pack", RecordsPerChannel, ProtocolLimits.MaxSenmlRecords);
        if (records % RecordsPerChannel != 0)
        {
            throw CborFields.Invalid("pack", $"{records} records is not a multiple of {RecordsPerChannel}");
        }

        var state = new PackState();
        var channels = new List<ChannelSummary>(records / RecordsPerChannel);
        var builder = new long[RecordsPerChannel];
        string channelName = "", unit = "";
        var exponent = 0L;
        for (var i = 0; i < records; i++)
        {
            var field = i % RecordsPerChannel;
            var record = ReadRecord(reader, i, field, state);
            var name = record.Name;
            var slash = name.LastIndexOf('/');
            var prefix = slash > 0 ? name[..slash] : "";
            var where = $"record {i} (\"{name}\")";
            if (slash < 0 || name[(slash + 1)..] != _suffixes[field])
            {
                throw CborFields.Invalid(where, $"expected a name ending in /{_suffixes[field]}");
            }

            if (field == 0)
            {
                channelName = prefix;
                if (!ChannelRules.IsValidName(channelName))
                {
                    throw CborFields.Invalid(where, $"channel \"{channelName}\" does not match {ChannelRules.NameRule}");
                }

                if (record.Exponent != 0 || record.Value < 1)
                {
                    throw CborFields.Invalid(where, "count is a plain integer of at least 1");
                }
            }
            else if (prefix != channelName)
            {
                throw CborFields.Invalid(where, $"expected channel {channelName}");
            }

            switch (field)
            {
                case 1:
                    unit = record.Unit!;
                    exponent = record.Exponent;
                    if (exponent is < int.MinValue or > int.MaxValue)
                    {
                        throw CborFields.Invalid(where, $"exponent {exponent} is out of range");
                    }

                    break;
                case 2 or 3:
                    if (record.Unit != unit || record.Exponent != exponent)
                    {
                        throw CborFields.Invalid(where, "unit and exponent must match the min record");
                    }

                    break;
                case 4:
                    if (record.Exponent != 2 * exponent)
                    {
                        throw CborFields.Invalid(where, $"var uses exponent {2 * exponent}, found {record.Exponent}");
                    }

                    break;
            }

            builder[field] = record.Value;
            if (field == RecordsPerChannel - 1)
            {
                var channel = new ChannelSummary(channelName, unit, (int)exponent, builder[0], builder[1], builder[2], builder[3], builder[4]);
                if (ChannelRules.Check(channel) is { } problem)
                {
                    throw CborFields.Invalid(What, problem);
                }

                if (channels.Exists(c => c.Channel == channelName))
                {
                    throw CborFields.Invalid(What, $"channel {channelName} appears twice");
                }

                channels.Add(channel);
            }
        }

        reader.ReadEndArray();
        return new WindowSummary(state.SourceId!, state.StartMs, state.LengthMs, channels);
    }

    private static SenmlRecord ReadRecord(CborReader reader, int index, int field, PackState pack)
    {
        var where = $"record {index}";
        var entries = reader.ReadMap(where);
        var last = -1;
        string? name = null, unit = null;
        long exponent = 0, value = 0, time = -1;
        var hasValue = false;
        for (var e = 0; e < entries; e++)
        {
            var keyState = reader.PeekState();
            if (keyState is not (CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger))
            {
                throw CborFields.WrongType($"{where}: label", "an integer SenML label", keyState);
            }

            var label = reader.ReadInt($"{where}: label");
            var order = Array.IndexOf(_labels, (int)Math.Clamp(label, int.MinValue, int.MaxValue));
            if (order < 0 || label != _labels[order])
            {
                throw new DecodeFailure(DecodeErrorCode.UnexpectedKey, $"{where}: unknown SenML label {label}");
            }

            if (order == last)
            {
                throw new DecodeFailure(DecodeErrorCode.DuplicateKey, $"{where}: label {label} appears twice");
            }

            if (order < last)
            {
                throw new DecodeFailure(DecodeErrorCode.KeyOutOfOrder, $"{where}: label {label} is out of order (bn, bt, n, u, v, t)");
            }

            last = order;
            switch (order)
            {
                case 0 when index == 0:
                    var baseName = reader.ReadText($"{where}: bn");
                    if (!baseName.EndsWith('/') || !ProtocolId.IsValid(baseName[..^1]))
                    {
                        throw new DecodeFailure(DecodeErrorCode.InvalidId, $"{where}: bn \"{baseName}\" must be \"{{id}}/\" with an id matching {ProtocolId.Rule}");
                    }

                    pack.SourceId = baseName[..^1];
                    break;
                case 1 when index == 0:
                    pack.StartMs = SenmlTime.Read(reader, $"{where}: bt");
                    break;
                case 2:
                    name = reader.ReadText($"{where}: n");
                    break;
                case 3 when field is >= 1 and <= 3:
                    unit = reader.ReadText($"{where}: u");
                    break;
                case 4:
                    (exponent, value) = field == 0 ? (0, reader.ReadInt($"{where}: v")) : SenmlValue.Read(reader, $"{where}: v");
                    hasValue = true;
                    break;
                case 5:
                    time = SenmlTime.Read(reader, $"{where}: t");
                    break;
                default:
                    throw new DecodeFailure(DecodeErrorCode.UnexpectedKey, $"{where}: label {label} is not allowed on this record");
            }
        }

        reader.ReadEndMap();
        var missing = index == 0 && pack.SourceId is null ? "bn"
            : index == 0 && pack.StartMs < 0 ? "bt"
            : name is null ? "n"
            : field is >= 1 and <= 3 && unit is null ? "u"
            : !hasValue ? "v"
            : time < 0 ? "t"
            : null;
        if (missing is not null)
        {
            throw new DecodeFailure(DecodeErrorCode.MissingKey, $"{where}: label {missing} is missing");
        }

        if (index == 0)
        {
            pack.LengthMs = time;
        }
        else if (time != pack.LengthMs)
        {
            throw CborFields.Invalid(where, $"t must be the window length {pack.LengthMs} ms on every record, found {time} ms");
        }

        return new SenmlRecord(name!, unit, exponent, value);
    }

    private readonly record struct SenmlRecord(string Name, string? Unit, long Exponent, long Value);

    private sealed class PackState
    {
        public string? SourceId { get; set; }

        public long StartMs { get; set; } = -1;

        public long LengthMs { get; set; }
    }
}
