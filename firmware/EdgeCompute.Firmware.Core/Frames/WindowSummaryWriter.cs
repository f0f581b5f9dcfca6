using System;
using EdgeCompute.Firmware.Kernels.Aggregation;
using EdgeCompute.Firmware.Core.Cbor;

namespace EdgeCompute.Firmware.Core.Frames;

/// <summary>
/// Writes the body of a window summary frame (type 1): a SenML-CBOR pack with five records per channel
/// (<c>{channel}/count</c>, <c>/min</c>, <c>/max</c>, <c>/mean</c>, <c>/var</c>), as docs/protocol.md specifies.
/// </summary>
/// <remarks>
/// Record names are built once in the constructor; <see cref="Write"/> allocates nothing. <c>u</c> is written on
/// min, max and mean even when the unit is empty (as the .NET side does), so every writer produces the same
/// bytes. Channels without samples are left out.
/// </remarks>
public sealed class WindowSummaryWriter
{
    /// <summary>Records written per channel.</summary>
    public const int RecordsPerChannel = 5;

    /// <summary>Most channels one pack can hold (256 records).</summary>
    public const int MaxChannels = ProtocolLimits.MaxSenmlRecords / RecordsPerChannel;

    private readonly ChannelDescription[] _channels;
    private readonly string _baseName;
    private readonly string[] _names;

    /// <summary>Creates a writer for one device and its channels.</summary>
    /// <param name="deviceId">The device id; the pack's base name is <c>"{deviceId}/"</c>.</param>
    /// <param name="channels">The channels in the order the device reports them (1 to 51).</param>
    public WindowSummaryWriter(string deviceId, ChannelDescription[] channels)
    {
        if (!IdRules.IsValidId(deviceId))
        {
            throw new ArgumentException("device id must match [a-z0-9-]{1,32}", nameof(deviceId));
        }

        if (channels == null || channels.Length < 1 || channels.Length > MaxChannels)
        {
            throw new ArgumentException("1 to 51 channels required", nameof(channels));
        }

        _channels = channels;
        _baseName = deviceId + "/";
        _names = new string[channels.Length * RecordsPerChannel];
        for (var c = 0; c < channels.Length; c++)
        {
            if (channels[c] == null)
            {
                throw new ArgumentNullException(nameof(channels));
            }

            var name = channels[c].Name;
            _names[(c * RecordsPerChannel) + 0] = name + "/count";
            _names[(c * RecordsPerChannel) + 1] = name + "/min";
            _names[(c * RecordsPerChannel) + 2] = name + "/max";
            _names[(c * RecordsPerChannel) + 3] = name + "/mean";
            _names[(c * RecordsPerChannel) + 4] = name + "/var";
        }
    }

    /// <summary>Gets the number of channels.</summary>
    public int ChannelCount
    {
        get { return _channels.Length; }
    }

    /// <summary>
    /// Appends the SenML pack of one window to <paramref name="output"/>. Writes nothing when no channel has a
    /// sample.
    /// </summary>
    /// <param name="output">The encoder of the frame body.</param>
    /// <param name="aggregators">One aggregator per channel, in channel order.</param>
    /// <param name="windowStartMs">Window start, ms since the Unix epoch (the pack's base time).</param>
    /// <param name="windowLengthMs">Window length in ms (every record's time).</param>
    /// <returns>The readings the pack accounts for (sum of the channel counts); 0 when nothing was written.</returns>
    public int Write(CborEncoder output, WindowAggregator[] aggregators, long windowStartMs, long windowLengthMs)
    {
        if (output == null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        if (aggregators == null || aggregators.Length != _channels.Length)
        {
            throw new ArgumentException("one aggregator per channel", nameof(aggregators));
        }

        if (windowStartMs < 0 || windowLengthMs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(windowStartMs));
        }

        var used = 0;
        var readings = 0;
        for (var c = 0; c < aggregators.Length; c++)
        {
            if (aggregators[c].Count > 0)
            {
                used++;
                readings += aggregators[c].Count;
            }
        }

        if (used == 0)
        {
            return 0;
        }

        output.WriteArrayHeader(used * RecordsPerChannel);
        var first = true;
        for (var c = 0; c < aggregators.Length; c++)
        {
            var aggregator = aggregators[c];
            if (aggregator.Count == 0)
            {
                continue;
            }

            var channel = _channels[c];
            var e = channel.Exponent;
            var unit = channel.Unit;
            var names = c * RecordsPerChannel;

            // count (the pack's first record also carries bn and bt)
            output.WriteMapHeader(first ? 5 : 3);
            if (first)
            {
                output.WriteInt(SenmlLabel.BaseName);
                output.WriteText(_baseName);
                output.WriteInt(SenmlLabel.BaseTime);
                WriteSenmlTime(output, windowStartMs);
                first = false;
            }

            output.WriteInt(SenmlLabel.Name);
            output.WriteText(_names[names]);
            output.WriteInt(SenmlLabel.Value);
            output.WriteInt(aggregator.Count);
            output.WriteInt(SenmlLabel.Time);
            WriteSenmlTime(output, windowLengthMs);

            WriteRecord(output, _names[names + 1], unit, e, aggregator.Min, windowLengthMs);
            WriteRecord(output, _names[names + 2], unit, e, aggregator.Max, windowLengthMs);
            WriteRecord(output, _names[names + 3], unit, e, aggregator.Mean, windowLengthMs);
            WriteRecord(output, _names[names + 4], null, 2 * e, aggregator.Variance, windowLengthMs);
        }

        return readings;
    }

    /// <summary>Writes a SenML time: whole seconds as an integer, otherwise <c>4([-3, milliseconds])</c>.</summary>
    /// <param name="output">The encoder.</param>
    /// <param name="milliseconds">The time or duration in ms.</param>
    public static void WriteSenmlTime(CborEncoder output, long milliseconds)
    {
        if (output == null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        if (milliseconds % 1000 == 0)
        {
            output.WriteInt(milliseconds / 1000);
        }
        else
        {
            output.WriteDecimalFraction(-3, milliseconds);
        }
    }

    /// <summary>Writes a scaled value: a plain integer when the exponent is 0, otherwise <c>4([e, mantissa])</c>.</summary>
    /// <param name="output">The encoder.</param>
    /// <param name="exponent">The decimal exponent.</param>
    /// <param name="mantissa">The integer mantissa.</param>
    public static void WriteScaled(CborEncoder output, int exponent, long mantissa)
    {
        if (output == null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        if (exponent == 0)
        {
            output.WriteInt(mantissa);
        }
        else
        {
            output.WriteDecimalFraction(exponent, mantissa);
        }
    }

    // A null unit (the var record) writes no u label.
    private static void WriteRecord(CborEncoder output, string name, string? unit, int exponent, long value, long timeMs)
    {
        var hasUnit = unit != null;
        output.WriteMapHeader(hasUnit ? 4 : 3);
        output.WriteInt(SenmlLabel.Name);
        output.WriteText(name);
        if (hasUnit)
        {
            output.WriteInt(SenmlLabel.Unit);
            output.WriteText(unit!);
        }

        output.WriteInt(SenmlLabel.Value);
        WriteScaled(output, exponent, value);
        output.WriteInt(SenmlLabel.Time);
        WriteSenmlTime(output, timeMs);
    }
}
