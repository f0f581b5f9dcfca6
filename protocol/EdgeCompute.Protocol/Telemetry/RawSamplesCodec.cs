using System.Formats.Cbor;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Internal;

namespace EdgeCompute.Protocol.Telemetry;

/// <summary>
/// Encodes and decodes raw-sample bodies (frame type 2; docs/protocol.md, "Type 2: raw samples"): a CBOR array of
/// channel maps <c>{1: channel, 2: unit, 3: exponent, 4: t0, 5: interval, 6: count, 7: first, 8: deltas}</c>.
/// </summary>
public static class RawSamplesCodec
{
    private const string What = "raw samples";

    /// <summary>Encodes channels as a raw-sample body.</summary>
    /// <param name="channels">One or more channels, distinct names.</param>
    /// <returns>The body bytes.</returns>
    /// <exception cref="ArgumentException">A channel breaks the spec, or a delta does not fit in 64 bits.</exception>
    public static byte[] Encode(IReadOnlyList<RawSampleChannel> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count == 0)
        {
            throw new ArgumentException($"{What}: at least one channel is required", nameof(channels));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var writer = CborOutput.Create();
        writer.WriteStartArray(channels.Count);
        var deltas = new List<byte>();
        foreach (var channel in channels)
        {
            if (Check(channel.Channel, channel.Unit, channel.StartMs, channel.IntervalMs, channel.Values?.Count ?? 0) is { } problem)
            {
                throw new ArgumentException($"{What}: {problem}", nameof(channels));
            }

            if (!names.Add(channel.Channel))
            {
                throw new ArgumentException($"{What}: channel {channel.Channel} appears twice", nameof(channels));
            }

            deltas.Clear();
            for (var i = 1; i < channel.Values!.Count; i++)
            {
                long delta;
                try
                {
                    delta = checked(channel.Values[i] - channel.Values[i - 1]);
                }
                catch (OverflowException)
                {
                    throw new ArgumentException($"{What}: channel {channel.Channel}: delta at sample {i} does not fit in 64 bits", nameof(channels));
                }

                ZigZagLeb128.Write(deltas, delta);
            }

            writer.WriteStartMap(8);
            writer.WriteInt32(1);
            writer.WriteTextString(channel.Channel);
            writer.WriteInt32(2);
            writer.WriteTextString(channel.Unit);
            writer.WriteInt32(3);
            writer.WriteInt32(channel.Exponent);
            writer.WriteInt32(4);
            writer.WriteInt64(channel.StartMs);
            writer.WriteInt32(5);
            writer.WriteInt64(channel.IntervalMs);
            writer.WriteInt32(6);
            writer.WriteInt32(channel.Values.Count);
            writer.WriteInt32(7);
            writer.WriteInt64(channel.Values[0]);
            writer.WriteInt32(8);
            writer.WriteByteString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(deltas));
            writer.WriteEndMap();
        }

        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>Decodes a raw-sample body and reconstructs every sample.</summary>
    /// <param name="body">The body bytes.</param>
    /// <returns>The channels, or why the body was refused.</returns>
    public static DecodeResult<IReadOnlyList<RawSampleChannel>> Decode(ReadOnlyMemory<byte> body) =>
        CborDecoding.Run<IReadOnlyList<RawSampleChannel>>(body, ProtocolLimits.MaxFrameBodyBytes, What, Read);

    private static string? Check(string channel, string unit, long startMs, long intervalMs, int count)
    {
        if (channel is null || !ChannelRules.IsValidName(channel))
        {
            return $"channel \"{channel}\" does not match {ChannelRules.NameRule}";
        }

        if (unit is null || !ChannelRules.IsValidUnit(unit))
        {
            return $"channel {channel}: unit must be at most {ProtocolLimits.MaxTextBytes} bytes";
        }

        if (startMs < 0 || intervalMs < 1)
        {
            return $"channel {channel}: t0 must be ≥ 0 and interval ≥ 1 ms";
        }

        return count is >= 1 and <= ProtocolLimits.MaxRawSamplesPerChannel
            ? null
            : $"channel {channel}: {count} samples, must be 1 to {ProtocolLimits.MaxRawSamplesPerChannel}";
    }

    private static List<RawSampleChannel> Read(CborReader reader)
    {
        var count = reader.ReadArray("channels", 1, ProtocolLimits.MaxFrameBodyBytes);
        var channels = new List<RawSampleChannel>(count);
        for (var i = 0; i < count; i++)
        {
            var channel = ReadChannel(reader, RawChannelLabels.For(i));
            foreach (var earlier in channels)
            {
                if (earlier.Channel == channel.Channel)
                {
                    throw CborFields.Invalid(What, $"channel {channel.Channel} appears twice");
                }
            }

            channels.Add(channel);
        }

        reader.ReadEndArray();
        return channels;
    }

    private static RawSampleChannel ReadChannel(CborReader reader, RawChannelLabels labels)
    {
        var what = labels.What;
        var keys = new MapKeys(reader, what);
        string name = "", unit = "";
        int exponent = 0;
        long startMs = 0, intervalMs = 0, first = 0;
        ulong count = 0;
        byte[] deltas = [];
        while (keys.Next(reader, out var key))
        {
            switch (key)
            {
                case 1: name = reader.ReadText(labels.Channel); break;
                case 2: unit = reader.ReadText(labels.Unit); break;
                case 3: exponent = reader.ReadInt32(labels.Exponent); break;
                case 4: startMs = reader.ReadUInt63(labels.StartMs); break;
                case 5: intervalMs = reader.ReadUInt63(labels.IntervalMs); break;
                case 6: count = reader.ReadUInt(labels.Count); break;
                case 7: first = reader.ReadInt(labels.First); break;
                case 8: deltas = reader.ReadBytes(labels.Deltas, ProtocolLimits.MaxFrameBodyBytes); break;
                default: throw keys.Unexpected((ulong)key);
            }
        }

        keys.Require(1, "channel");
        keys.Require(2, "unit");
        keys.Require(3, "exponent");
        keys.Require(4, "t0");
        keys.Require(5, "interval");
        keys.Require(6, "count");
        keys.Require(7, "first");
        keys.Require(8, "deltas");
        if (Check(name, unit, startMs, intervalMs, count > int.MaxValue ? -1 : (int)count) is { } problem)
        {
            throw CborFields.Invalid(what, problem);
        }

        var values = new long[(int)count];
        values[0] = first;
        var position = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (ZigZagLeb128.TryRead(deltas, ref position, out var delta) is { } bad)
            {
                throw CborFields.Invalid(labels.Deltas, $"{bad} (sample {i} of {count})");
            }

            try
            {
                values[i] = checked(values[i - 1] + delta);
            }
            catch (OverflowException)
            {
                throw CborFields.Invalid(labels.Deltas, $"sample {i} overflows 64 bits");
            }
        }

        return position == deltas.Length
            ? new RawSampleChannel(name, unit, exponent, startMs, intervalMs, values)
            : throw CborFields.Invalid(labels.Deltas, $"{deltas.Length - position} bytes follow the {count - 1} deltas");
    }
}
