using System.Security.Cryptography;
using EdgeCompute.Protocol.Ids;
using EdgeCompute.Protocol.Internal;

namespace EdgeCompute.Protocol.Frames;

/// <summary>
/// The device frame MAC (docs/protocol.md, "Device frame envelope"): HMAC-SHA256 with the 32-byte device key over
/// <c>"EC1F" || str8(device id) || u32be(boot) || u32be(seq) || u8(type) || bytes32(body) [|| SHA-256(assignment bytes)]</c>,
/// the hash only for results, so a result replayed against another assignment fails.
/// </summary>
public static class DeviceFrameMac
{
    /// <summary>The TBS domain tag.</summary>
    public const string DomainTag = "EC1F";

    /// <summary>The device key length in bytes.</summary>
    public const int KeyLength = 32;

    /// <summary>Builds the bytes the MAC covers.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <param name="boot">The boot counter.</param>
    /// <param name="seq">The seq.</param>
    /// <param name="type">The frame type.</param>
    /// <param name="body">The body bytes.</param>
    /// <param name="assignment">For <see cref="FrameType.Result"/>: the exact task assignment bytes the result answers; empty otherwise.</param>
    /// <returns>The TBS.</returns>
    /// <exception cref="ArgumentException">A result without assignment bytes, assignment bytes for another type, or a bad id.</exception>
    public static byte[] BuildTbs(string deviceId, uint boot, uint seq, FrameType type, ReadOnlySpan<byte> body, ReadOnlySpan<byte> assignment = default)
    {
        ProtocolId.Validate(deviceId, "device id");
        if (type == FrameType.Result ? assignment.IsEmpty : !assignment.IsEmpty)
        {
            throw new ArgumentException(
                type == FrameType.Result ? "a result MAC needs the task assignment bytes it answers" : $"only result frames cover assignment bytes, not {type}",
                nameof(assignment));
        }

        var tbs = new TbsBuilder(DomainTag, 64 + body.Length)
            .Str8(deviceId).U32(boot).U32(seq).U8((byte)type).Bytes32(body);
        if (type == FrameType.Result)
        {
            tbs.Raw(SHA256.HashData(assignment));
        }

        return tbs.ToArray();
    }

    /// <summary>Computes the MAC.</summary>
    /// <param name="deviceKey">The 32-byte device key.</param>
    /// <param name="deviceId">The device id.</param>
    /// <param name="boot">The boot counter.</param>
    /// <param name="seq">The seq.</param>
    /// <param name="type">The frame type.</param>
    /// <param name="body">The body bytes.</param>
    /// <param name="assignment">For results, the assignment bytes; empty otherwise.</param>
    /// <returns>The 32-byte MAC.</returns>
    /// <exception cref="ArgumentException">The key is not 32 bytes, or see <see cref="BuildTbs"/>.</exception>
    public static byte[] Compute(ReadOnlySpan<byte> deviceKey, string deviceId, uint boot, uint seq, FrameType type, ReadOnlySpan<byte> body, ReadOnlySpan<byte> assignment = default)
    {
        CheckKey(deviceKey);
        return HMACSHA256.HashData(deviceKey, BuildTbs(deviceId, boot, seq, type, body, assignment));
    }

    /// <summary>Builds a complete frame with its MAC (what the firmware does; used by simulators and tests).</summary>
    /// <param name="deviceKey">The 32-byte device key.</param>
    /// <param name="deviceId">The device id.</param>
    /// <param name="boot">The boot counter.</param>
    /// <param name="seq">The seq.</param>
    /// <param name="type">The frame type.</param>
    /// <param name="body">The body bytes.</param>
    /// <param name="assignment">For results, the assignment bytes; empty otherwise.</param>
    /// <returns>The frame.</returns>
    public static DeviceFrame Seal(ReadOnlySpan<byte> deviceKey, string deviceId, uint boot, uint seq, FrameType type, ReadOnlyMemory<byte> body, ReadOnlySpan<byte> assignment = default) =>
        new(deviceId, boot, seq, type, body, Compute(deviceKey, deviceId, boot, seq, type, body.Span, assignment));

    /// <summary>Verifies a frame's MAC in constant time.</summary>
    /// <param name="frame">The decoded frame.</param>
    /// <param name="deviceKey">The 32-byte key of <see cref="DeviceFrame.DeviceId"/>.</param>
    /// <param name="assignment">For results, the exact assignment bytes issued for (task, slot, device); empty otherwise.</param>
    /// <returns>Whether the MAC is valid.</returns>
    /// <exception cref="ArgumentException">The key is not 32 bytes, or assignment bytes are missing for a result (or given for another type).</exception>
    public static bool Verify(DeviceFrame frame, ReadOnlySpan<byte> deviceKey, ReadOnlySpan<byte> assignment = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var expected = Compute(deviceKey, frame.DeviceId, frame.Boot, frame.Seq, frame.Type, frame.Body.Span, assignment);
        return CryptographicOperations.FixedTimeEquals(expected, frame.Mac.Span);
    }

    private static void CheckKey(ReadOnlySpan<byte> deviceKey)
    {
        if (deviceKey.Length != KeyLength)
        {
            throw new ArgumentException($"a device key is {KeyLength} bytes, not {deviceKey.Length}", nameof(deviceKey));
        }
    }
}
