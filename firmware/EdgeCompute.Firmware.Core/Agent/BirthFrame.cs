using System;
using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Core.Frames;
using EdgeCompute.Firmware.Kernels;

namespace EdgeCompute.Firmware.Core.Agent;

/// <summary>The sealed birth frame (seq 0) of the current boot: firmware, platform, kernels and channels.</summary>
internal sealed class BirthFrame
{
    private readonly string _platform;
    private readonly long _ramBytes;
    private readonly int _cpuMhz;
    private readonly string[] _kernels;
    private readonly ChannelDescription[] _channels;
    private readonly byte[] _buffer = new byte[ProtocolLimits.MaxDevicePayload];
    private readonly CborEncoder _frame;

    /// <summary>Creates an empty birth frame and its buffer.</summary>
    /// <param name="platform">The platform name.</param>
    /// <param name="ramBytes">The device's RAM.</param>
    /// <param name="cpuMhz">The CPU clock.</param>
    /// <param name="channels">The sensor channels.</param>
    public BirthFrame(string platform, long ramBytes, int cpuMhz, ChannelDescription[] channels)
    {
        _platform = platform;
        _ramBytes = ramBytes;
        _cpuMhz = cpuMhz;
        _kernels = KernelNames.All();
        _channels = channels;
        _frame = new CborEncoder(_buffer);
    }

    /// <summary>Gets the buffer holding the sealed frame.</summary>
    public byte[] Buffer
    {
        get { return _buffer; }
    }

    /// <summary>Gets the sealed frame's length.</summary>
    public int Length
    {
        get { return _frame.Length; }
    }

    /// <summary>Writes and seals the birth for the sequencer's current boot.</summary>
    /// <param name="sequencer">Holds the boot and the body buffer.</param>
    /// <exception cref="InvalidOperationException">The birth does not fit in a frame.</exception>
    public void Seal(FrameSequencer sequencer)
    {
        var body = sequencer.Body;
        body.Reset();
        BirthBodyWriter.Write(
            body,
            FirmwareInfo.Version,
            _platform,
            _kernels,
            (ulong)_ramBytes,
            (uint)_cpuMhz,
            _channels);
        _frame.Reset();
        if (!sequencer.SealBirth(_frame))
        {
            throw new InvalidOperationException("birth frame too large: fewer channels or shorter units");
        }
    }
}
