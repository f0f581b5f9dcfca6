using EdgeCompute.Firmware.Kernels.Aggregation;
using EdgeCompute.Firmware.Core.Buffering;
using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Core.Frames;

namespace EdgeCompute.Firmware.Core.Agent;

/// <summary>
/// Turns samples into sealed telemetry frames in the ring: a window summary per window, or, in raw mode,
/// delta-encoded raw-sample frames. A frame too large to encode is dropped and counted.
/// </summary>
internal sealed class TelemetryFrameBuilder
{
    private readonly WindowAggregator[] _aggregators;
    private readonly WindowSummaryWriter _summaryWriter;
    private readonly RawSampleWriter? _rawWriter;
    private readonly FrameSequencer _sequencer;
    private readonly FrameRing _ring;
    private readonly byte[] _frameBuffer;
    private readonly CborEncoder _frame;
    private long _encodeDrops;
    private long _encodeDroppedReadings;

    /// <summary>Creates a builder and its buffers.</summary>
    /// <param name="deviceId">The device id (the summaries' base name).</param>
    /// <param name="channels">The sensor channels.</param>
    /// <param name="rawSamples">Whether to send raw samples instead of window summaries.</param>
    /// <param name="sampleIntervalMs">The sample interval.</param>
    /// <param name="windowLengthMs">The window length (bounds a raw frame's samples per channel).</param>
    /// <param name="sequencer">Seals the frames.</param>
    /// <param name="ring">Receives the sealed frames.</param>
    /// <param name="scratch">Holds the buffer frames are sealed into.</param>
    public TelemetryFrameBuilder(
        string deviceId,
        ChannelDescription[] channels,
        bool rawSamples,
        int sampleIntervalMs,
        int windowLengthMs,
        FrameSequencer sequencer,
        FrameRing ring,
        AgentScratch scratch)
    {
        _aggregators = new WindowAggregator[channels.Length];
        for (var c = 0; c < _aggregators.Length; c++)
        {
            _aggregators[c] = new WindowAggregator();
        }

        _summaryWriter = new WindowSummaryWriter(deviceId, channels);
        if (rawSamples)
        {
            var perWindow = (windowLengthMs / sampleIntervalMs) + 1;
            _rawWriter = new RawSampleWriter(
                channels,
                perWindow < ProtocolLimits.MaxRawSamples ? perWindow : ProtocolLimits.MaxRawSamples,
                sampleIntervalMs);
        }

        _sequencer = sequencer;
        _ring = ring;
        _frameBuffer = scratch.FrameBuffer;
        _frame = scratch.Frame;
    }

    /// <summary>Gets how many frames were too large to encode.</summary>
    public long EncodeDrops
    {
        get { return _encodeDrops; }
    }

    /// <summary>Gets the readings those frames accounted for.</summary>
    public long EncodeDroppedReadings
    {
        get { return _encodeDroppedReadings; }
    }

    /// <summary>Forgets every sample not yet sealed.</summary>
    public void Reset()
    {
        for (var c = 0; c < _aggregators.Length; c++)
        {
            _aggregators[c].Reset();
        }

        if (_rawWriter != null)
        {
            _rawWriter.Reset();
        }
    }

    /// <summary>Adds one reading; in raw mode a reading that does not fit seals the frame and opens the next.</summary>
    /// <param name="channel">The channel index.</param>
    /// <param name="slot">The sample's time, ms since the epoch.</param>
    /// <param name="value">The reading's mantissa.</param>
    public void Add(int channel, long slot, int value)
    {
        if (_rawWriter == null)
        {
            _aggregators[channel].Add(value);
        }
        else if (!_rawWriter.TryAdd(channel, slot, value))
        {
            // A gap, a full channel or a full body ends the frame early; the sample opens the next one.
            SealRaw();
            _rawWriter.TryAdd(channel, slot, value);
        }
    }

    /// <summary>Seals what the window holds (nothing when it holds no readings).</summary>
    /// <param name="windowStart">The window's start, ms since the epoch.</param>
    /// <param name="windowLengthMs">The window's length.</param>
    public void CloseWindow(long windowStart, long windowLengthMs)
    {
        if (_rawWriter != null)
        {
            SealRaw();
            return;
        }

        var body = _sequencer.Body;
        body.Reset();
        var readings = _summaryWriter.Write(body, _aggregators, windowStart, windowLengthMs);
        for (var c = 0; c < _aggregators.Length; c++)
        {
            _aggregators[c].Reset();
        }

        if (readings > 0)
        {
            Seal(FrameType.WindowSummary, readings);
        }
    }

    private void SealRaw()
    {
        var raw = _rawWriter!;
        var body = _sequencer.Body;
        body.Reset();
        var readings = raw.Write(body);
        raw.Reset();
        if (readings > 0)
        {
            Seal(FrameType.RawSamples, readings);
        }
    }

    private void Seal(int type, int readings)
    {
        _frame.Reset();
        if (!_sequencer.SealNext(type, null, _frame))
        {
            _encodeDrops++;
            _encodeDroppedReadings += readings;
            return;
        }

        _ring.Enqueue(_frameBuffer, 0, _frame.Length, false, readings);
    }
}
