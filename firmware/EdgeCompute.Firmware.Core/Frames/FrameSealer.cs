using System;
using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Kernels.Crypto;

namespace EdgeCompute.Firmware.Core.Frames;

/// <summary>
/// Writes the device frame envelope <c>{1: id, 2: boot, 3: seq, 4: type, 5: body, 6: mac}</c> and its MAC,
/// HMAC-SHA256 with the device key over the TBS of docs/protocol.md:
/// <c>"EC1F" || str8(id) || u32be(boot) || u32be(seq) || u8(type) || bytes32(body) || [SHA-256(assignment)]</c>.
/// </summary>
/// <remarks>The TBS prefix is built once; sealing allocates nothing. Not thread-safe.</remarks>
public sealed class FrameSealer
{
    /// <summary>Size of the MAC in the envelope (key 6).</summary>
    public const int MacSize = HmacSha256.MacSize;

    private static readonly byte[] DomainTag = { (byte)'E', (byte)'C', (byte)'1', (byte)'F' };

    private readonly string _deviceId;
    private readonly HmacSha256 _hmac;
    private readonly byte[] _tbsHeader;
    private readonly int _fixedLength;
    private readonly byte[] _mac = new byte[MacSize];

    /// <summary>Creates a sealer for one device.</summary>
    /// <param name="deviceId">The device id, <c>[a-z0-9-]{1,32}</c>.</param>
    /// <param name="key">The device key (32 bytes); it is not kept beyond the HMAC's keyed pads.</param>
    public FrameSealer(string deviceId, byte[] key)
    {
        if (!IdRules.IsValidId(deviceId))
        {
            throw new ArgumentException("device id must match [a-z0-9-]{1,32}", nameof(deviceId));
        }

        if (key == null || key.Length != 32)
        {
            throw new ArgumentException("device key must be 32 bytes", nameof(key));
        }

        _deviceId = deviceId;
        _hmac = new HmacSha256(key);

        // "EC1F" || str8(id), then room for boot, seq, type and body length.
        _fixedLength = 4 + 1 + deviceId.Length;
        _tbsHeader = new byte[_fixedLength + 4 + 4 + 1 + 4];
        Array.Copy(DomainTag, _tbsHeader, 4);
        _tbsHeader[4] = (byte)deviceId.Length;
        for (var i = 0; i < deviceId.Length; i++)
        {
            _tbsHeader[5 + i] = (byte)deviceId[i];
        }
    }

    /// <summary>Gets the device id written into every frame.</summary>
    public string DeviceId
    {
        get { return _deviceId; }
    }

    /// <summary>
    /// Appends a sealed frame to <paramref name="output"/>. For a result (<see cref="FrameType.Result"/>) the
    /// SHA-256 of the exact task assignment bytes is required; for any other type it must be null.
    /// </summary>
    /// <param name="boot">The boot counter.</param>
    /// <param name="seq">The frame's seq in this boot (0 for the birth).</param>
    /// <param name="type">One of <see cref="FrameType"/>'s constants.</param>
    /// <param name="body">The buffer holding the encoded body.</param>
    /// <param name="bodyOffset">The body's first byte.</param>
    /// <param name="bodyLength">The body's length, at most <see cref="ProtocolLimits.MaxFrameBody"/>.</param>
    /// <param name="assignmentHash">For a result, the buffer holding SHA-256 of the assignment; otherwise null.</param>
    /// <param name="assignmentHashOffset">Where the 32-byte hash starts.</param>
    /// <param name="output">The encoder the frame is appended to.</param>
    /// <returns>False when the body is over the limit or the frame did not fit in <paramref name="output"/>.</returns>
    public bool Seal(
        uint boot,
        uint seq,
        int type,
        byte[] body,
        int bodyOffset,
        int bodyLength,
        byte[]? assignmentHash,
        int assignmentHashOffset,
        CborEncoder output)
    {
        if (output == null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        if (bodyLength > ProtocolLimits.MaxFrameBody)
        {
            return false;
        }

        ComputeMac(boot, seq, type, body, bodyOffset, bodyLength, assignmentHash, assignmentHashOffset, _mac, 0);

        output.WriteMapHeader(6);
        output.WriteUInt(1);
        output.WriteText(_deviceId);
        output.WriteUInt(2);
        output.WriteUInt(boot);
        output.WriteUInt(3);
        output.WriteUInt(seq);
        output.WriteUInt(4);
        output.WriteUInt((ulong)type);
        output.WriteUInt(5);
        output.WriteBytes(body, bodyOffset, bodyLength);
        output.WriteUInt(6);
        output.WriteBytes(_mac, 0, MacSize);
        return !output.HasOverflowed;
    }

    /// <summary>Computes the frame MAC over the TBS into <paramref name="mac"/>.</summary>
    /// <param name="boot">The boot counter.</param>
    /// <param name="seq">The frame's seq.</param>
    /// <param name="type">One of <see cref="FrameType"/>'s constants.</param>
    /// <param name="body">The buffer holding the body.</param>
    /// <param name="bodyOffset">The body's first byte.</param>
    /// <param name="bodyLength">The body's length.</param>
    /// <param name="assignmentHash">For a result, SHA-256 of the assignment bytes; otherwise null.</param>
    /// <param name="assignmentHashOffset">Where the 32-byte hash starts.</param>
    /// <param name="mac">The destination of the 32-byte MAC.</param>
    /// <param name="macOffset">Where the MAC goes.</param>
    public void ComputeMac(
        uint boot,
        uint seq,
        int type,
        byte[] body,
        int bodyOffset,
        int bodyLength,
        byte[]? assignmentHash,
        int assignmentHashOffset,
        byte[] mac,
        int macOffset)
    {
        if (!FrameType.IsDefined(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type));
        }

        if (body == null)
        {
            throw new ArgumentNullException(nameof(body));
        }

        if (bodyOffset < 0 || bodyLength < 0 || bodyOffset > body.Length - bodyLength)
        {
            throw new ArgumentOutOfRangeException(nameof(bodyLength), "offset/length outside body");
        }

        if ((type == FrameType.Result) != (assignmentHash != null))
        {
            throw new ArgumentException("assignment hash required for results only", nameof(assignmentHash));
        }

        var p = _fixedLength;
        WriteUInt32(_tbsHeader, p, boot);
        WriteUInt32(_tbsHeader, p + 4, seq);
        _tbsHeader[p + 8] = (byte)type;
        WriteUInt32(_tbsHeader, p + 9, (uint)bodyLength);

        _hmac.Reset();
        _hmac.Update(_tbsHeader, 0, _tbsHeader.Length);
        _hmac.Update(body, bodyOffset, bodyLength);
        if (assignmentHash != null)
        {
            _hmac.Update(assignmentHash, assignmentHashOffset, Sha256.HashSize);
        }

        _hmac.Final(mac, macOffset);
    }

    private static void WriteUInt32(byte[] buffer, int offset, uint value)
    {
        buffer[offset] = (byte)(value >> 24);
        buffer[offset + 1] = (byte)(value >> 16);
        buffer[offset + 2] = (byte)(value >> 8);
        buffer[offset + 3] = (byte)value;
    }
}
