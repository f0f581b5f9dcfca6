using System;
using EdgeCompute.Firmware.Core.Cbor;

namespace EdgeCompute.Firmware.Core.Frames;

/// <summary>
/// Collects evenly spaced samples per channel and writes the body of a raw-samples frame (type 2): an array of
/// channel records <c>{1: channel, 2: unit, 3: exponent, 4: t0, 5: interval, 6: count, 7: first, 8: deltas}</c>
/// with the deltas as zigzag LEB128 varints in a byte string.
/// </summary>
/// <remarks>
/// Sample buffers are allocated once. <see cref="TryAdd"/> refuses a sample that would break the record's
/// regular spacing (a dropout or a missed slot), exceed the per-channel capacity, or push the body past
/// <see cref="ProtocolLimits.MaxFrameBody"/>; the caller then writes the frame, calls <see cref="Reset"/> and
/// adds the sample again. Adding and writing allocate nothing.
/// </remarks>
public sealed class RawSampleWriter
{
    private const int ArrayHeadBound = 3;

    private readonly ChannelDescription[] _channels;
    private readonly int _intervalMs;
    private readonly int _capacity;
    private readonly int[][] _samples;
    private readonly int[] _counts;
    private readonly long[] _firstTimes;
    private readonly int[] _deltaBytes;
    private readonly int[] _overheads;
    private int _bodyBound;
    private int _readings;

    /// <summary>Creates a writer with room for <paramref name="samplesPerChannel"/> samples of each channel.</summary>
    /// <param name="channels">The channels in the order the device reports them.</param>
    /// <param name="samplesPerChannel">Capacity per channel, 1 to 4096.</param>
    /// <param name="intervalMs">Milliseconds between samples, at least 1.</param>
    public RawSampleWriter(ChannelDescription[] channels, int samplesPerChannel, int intervalMs)
    {
        if (channels == null || channels.Length < 1)
        {
            throw new ArgumentException("at least one channel required", nameof(channels));
        }

        if (samplesPerChannel < 1 || samplesPerChannel > ProtocolLimits.MaxRawSamples)
        {
            throw new ArgumentOutOfRangeException(nameof(samplesPerChannel), "1..4096 samples per channel");
        }

        if (intervalMs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(intervalMs), "interval must be at least 1 ms");
        }

        _channels = channels;
        _intervalMs = intervalMs;
        _capacity = samplesPerChannel;
        _samples = new int[channels.Length][];
        _counts = new int[channels.Length];
        _firstTimes = new long[channels.Length];
        _deltaBytes = new int[channels.Length];
        _overheads = new int[channels.Length];
        for (var c = 0; c < channels.Length; c++)
        {
            if (channels[c] == null)
            {
                throw new ArgumentNullException(nameof(channels));
            }

            _samples[c] = new int[samplesPerChannel];

            // Upper bound of a record without its deltas: map head, eight keys and their largest values.
            _overheads[c] = 1 + 8 + TextBound(channels[c].Name) + TextBound(channels[c].Unit)
                + CborEncoder.IntLength(channels[c].Exponent) + 9 + 5 + 3 + 5 + 3;
        }

        Reset();
    }

    /// <summary>Gets the number of channels.</summary>
    public int ChannelCount
    {
        get { return _channels.Length; }
    }

    /// <summary>Gets the milliseconds between samples.</summary>
    public int IntervalMs
    {
        get { return _intervalMs; }
    }

    /// <summary>Gets the samples held, all channels together (the readings the body accounts for).</summary>
    public int Readings
    {
        get { return _readings; }
    }

    /// <summary>Gets whether no sample is held.</summary>
    public bool IsEmpty
    {
        get { return _readings == 0; }
    }

    /// <summary>Returns how many samples of <paramref name="channel"/> are held.</summary>
    /// <param name="channel">The channel index.</param>
    /// <returns>The count.</returns>
    public int SampleCount(int channel)
    {
        return _counts[channel];
    }

    /// <summary>Gets an upper bound of the body <see cref="Write"/> would produce now, in bytes.</summary>
    public int BodyLengthBound
    {
        get { return _bodyBound; }
    }

    /// <summary>Drops every held sample.</summary>
    public void Reset()
    {
        for (var c = 0; c < _counts.Length; c++)
        {
            _counts[c] = 0;
            _deltaBytes[c] = 0;
            _firstTimes[c] = 0;
        }

        _bodyBound = ArrayHeadBound;
        _readings = 0;
    }

    /// <summary>
    /// Appends a sample taken at <paramref name="timeMs"/>. The first sample of a channel sets its t0; each
    /// later one must fall exactly one interval after the previous.
    /// </summary>
    /// <param name="channel">The channel index.</param>
    /// <param name="timeMs">The sample's time, ms since the Unix epoch.</param>
    /// <param name="value">The sample's mantissa.</param>
    /// <returns>False when the sample does not continue the channel's record or does not fit.</returns>
    public bool TryAdd(int channel, long timeMs, int value)
    {
        if (channel < 0 || channel >= _channels.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(channel));
        }

        if (timeMs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(timeMs));
        }

        var count = _counts[channel];
        var samples = _samples[channel];
        if (count == 0)
        {
            var bound = _bodyBound + _overheads[channel];
            if (bound > ProtocolLimits.MaxFrameBody)
            {
                return false;
            }

            _bodyBound = bound;
            _firstTimes[channel] = timeMs;
        }
        else
        {
            if (count == _capacity || timeMs != _firstTimes[channel] + ((long)count * _intervalMs))
            {
                return false;
            }

            var size = VarintLength(ZigZag((long)value - samples[count - 1]));
            if (_bodyBound + size > ProtocolLimits.MaxFrameBody)
            {
                return false;
            }

            _bodyBound += size;
            _deltaBytes[channel] += size;
        }

        samples[count] = value;
        _counts[channel] = count + 1;
        _readings++;
        return true;
    }

    /// <summary>Appends the body (the array of channel records with samples) to <paramref name="output"/>.</summary>
    /// <param name="output">The encoder of the frame body.</param>
    /// <returns>The readings the body accounts for; 0 (and nothing written) when no sample is held.</returns>
    public int Write(CborEncoder output)
    {
        if (output == null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        if (_readings == 0)
        {
            return 0;
        }

        var records = 0;
        for (var c = 0; c < _counts.Length; c++)
        {
            if (_counts[c] > 0)
            {
                records++;
            }
        }

        output.WriteArrayHeader(records);
        for (var c = 0; c < _counts.Length; c++)
        {
            var count = _counts[c];
            if (count == 0)
            {
                continue;
            }

            var channel = _channels[c];
            var samples = _samples[c];
            output.WriteMapHeader(8);
            output.WriteUInt(1);
            output.WriteText(channel.Name);
            output.WriteUInt(2);
            output.WriteText(channel.Unit);
            output.WriteUInt(3);
            output.WriteInt(channel.Exponent);
            output.WriteUInt(4);
            output.WriteUInt((ulong)_firstTimes[c]);
            output.WriteUInt(5);
            output.WriteUInt((ulong)_intervalMs);
            output.WriteUInt(6);
            output.WriteUInt((ulong)count);
            output.WriteUInt(7);
            output.WriteInt(samples[0]);
            output.WriteUInt(8);
            output.WriteBytesHeader(_deltaBytes[c]);
            for (var i = 1; i < count; i++)
            {
                var zigzag = ZigZag((long)samples[i] - samples[i - 1]);
                while (zigzag >= 0x80)
                {
                    output.WriteRawByte((byte)(zigzag | 0x80));
                    zigzag >>= 7;
                }

                output.WriteRawByte((byte)zigzag);
            }
        }

        return _readings;
    }

    /// <summary>Maps a signed delta to the unsigned zigzag form <c>(d &lt;&lt; 1) ^ (d &gt;&gt; 63)</c>.</summary>
    /// <param name="delta">The signed delta.</param>
    /// <returns>The zigzag value.</returns>
    public static ulong ZigZag(long delta)
    {
        return (ulong)((delta << 1) ^ (delta >> 63));
    }

    /// <summary>Returns how many LEB128 bytes <paramref name="value"/> takes (7 bits per byte).</summary>
    /// <param name="value">The unsigned value.</param>
    /// <returns>1 to 10.</returns>
    public static int VarintLength(ulong value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }

        return length;
    }

    private static int TextBound(string text)
    {
        return CborEncoder.HeadLength((ulong)text.Length) + text.Length;
    }
}
