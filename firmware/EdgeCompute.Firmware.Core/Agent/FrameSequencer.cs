using System;
using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Core.Frames;

namespace EdgeCompute.Firmware.Core.Agent;

/// <summary>
/// One boot's seq space: the birth is seq 0, and each sealed data frame (telemetry or result) takes the next
/// seq. Writes every frame's body into the scratch's body buffer before it is sealed.
/// </summary>
internal sealed class FrameSequencer
{
    private readonly FrameSealer _sealer;
    private readonly byte[] _bodyBuffer;
    private readonly CborEncoder _body;
    private uint _boot;
    private uint _seq;
    private long _framesSealed;

    /// <summary>Creates a sequencer and its sealer.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <param name="key">The device's 32-byte frame key (copied).</param>
    /// <param name="scratch">Holds the body buffer.</param>
    public FrameSequencer(string deviceId, byte[] key, AgentScratch scratch)
    {
        var copy = new byte[32];
        Array.Copy(key, copy, 32);
        _sealer = new FrameSealer(deviceId, copy);
        Array.Clear(copy, 0, copy.Length);
        _bodyBuffer = scratch.BodyBuffer;
        _body = scratch.Body;
    }

    /// <summary>Gets the encoder a frame's body is written to; reset it before writing.</summary>
    public CborEncoder Body
    {
        get { return _body; }
    }

    /// <summary>Gets the current boot counter (0 before the first boot).</summary>
    public uint Boot
    {
        get { return _boot; }
    }

    /// <summary>Gets the seq of the last sealed data frame in this boot.</summary>
    public uint Seq
    {
        get { return _seq; }
    }

    /// <summary>Gets how many data frames (not births) were sealed.</summary>
    public long FramesSealed
    {
        get { return _framesSealed; }
    }

    /// <summary>Begins a boot: the seq space restarts.</summary>
    /// <param name="boot">The new boot counter.</param>
    public void BeginBoot(uint boot)
    {
        _boot = boot;
        _seq = 0;
    }

    /// <summary>Seals <see cref="Body"/> as the birth (seq 0) into <paramref name="output"/>.</summary>
    /// <param name="output">The encoder the frame is appended to.</param>
    /// <returns>False when the body or the frame did not fit.</returns>
    public bool SealBirth(CborEncoder output)
    {
        return !_body.HasOverflowed
            && _sealer.Seal(_boot, 0, FrameType.Birth, _bodyBuffer, 0, _body.Length, null, 0, output);
    }

    /// <summary>Seals <see cref="Body"/> as the next data frame into <paramref name="output"/>, taking a seq on success.</summary>
    /// <param name="type">One of <see cref="FrameType"/>'s constants.</param>
    /// <param name="assignmentHash">For a result, the buffer holding SHA-256 of the assignment; otherwise null.</param>
    /// <param name="output">The encoder the frame is appended to.</param>
    /// <returns>False when the body or the frame did not fit; no seq is taken then.</returns>
    public bool SealNext(int type, byte[]? assignmentHash, CborEncoder output)
    {
        if (_body.HasOverflowed
            || !_sealer.Seal(_boot, _seq + 1, type, _bodyBuffer, 0, _body.Length, assignmentHash, 0, output))
        {
            return false;
        }

        _seq++;
        _framesSealed++;
        return true;
    }
}
