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
    private readonly AgentScratch _scratch;
    private byte[] _buffer = new byte[0];
    private int _length;

    /// <summary>Creates an empty birth frame.</summary>
    /// <param name="platform">The platform name.</param>
    /// <param name="ramBytes">The device's RAM.</param>
    /// <param name="cpuMhz">The CPU clock.</param>
    /// <param name="channels">The sensor channels.</param>
    /// <param name="scratch">Holds the buffer the birth is sealed into before it is kept.</param>
    public BirthFrame(string platform, long ramBytes, int cpuMhz, ChannelDescription[] channels, AgentScratch scratch)
    {
        _platform = platform;
        _ramBytes = ramBytes;
        _cpuMhz = cpuMhz;
        _kernels = KernelNames.All();
        _channels = channels;
        _scratch = scratch;
    }

    /// <summary>Gets the buffer holding the sealed frame.</summary>
    public byte[] Buffer
    {
        get { return _buffer; }
    }

    /// <summary>Gets the sealed frame's length.</summary>
    public int Length
    {
        get { return _length; }
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
        var frame = _scratch.Frame;
        frame.Reset();
        if (!sequencer.SealBirth(frame))
        {
            throw new InvalidOperationException("birth frame too large: fewer channels or shorter units");
        }

        // Kept in an array of its own size: allocated at the first boot, again only if a later birth is longer.
        if (_buffer.Length < frame.Length)
        {
            _buffer = new byte[frame.Length];
        }

        Array.Copy(_scratch.FrameBuffer, _buffer, frame.Length);
        _length = frame.Length;
    }
}
