using System.Buffers.Binary;
using EdgeCompute.Protocol.Batches;

namespace EdgeCompute.Coordinator.Domain.Work;

/// <summary>
/// What a verified WASM task keeps as its output when that output is a blob: a 56-byte reference — a fixed 16-byte
/// marker, the blob's SHA-256 (32 bytes) and its size (u64, big-endian) — in place of the bytes, which stay in the blob
/// store. Inline outputs are kept as their bytes, as before. A module's own 56-byte output could begin with the marker
/// only by design; it would then name a blob the submitter reads only if the blob store lets them, so nothing leaks.
/// </summary>
public static class WasmOutputReference
{
    /// <summary>The length of a reference.</summary>
    public const int Length = 16 + 32 + 8;

    private static ReadOnlySpan<byte> Marker => "EC1:OUTPUT-BLOB\0"u8;

    /// <summary>Encodes a reference to an output blob.</summary>
    /// <param name="blob">The blob.</param>
    /// <returns>The 56 bytes.</returns>
    public static byte[] Encode(GatewayTaskOutputBlob blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var bytes = new byte[Length];
        Marker.CopyTo(bytes);
        Convert.FromHexString(blob.Sha256).CopyTo(bytes, 16);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(48), blob.Size);
        return bytes;
    }

    /// <summary>Reads a kept output as a blob reference.</summary>
    /// <param name="output">The kept output.</param>
    /// <param name="blob">The blob it names.</param>
    /// <returns>Whether <paramref name="output"/> is a reference.</returns>
    public static bool TryRead(ReadOnlySpan<byte> output, out GatewayTaskOutputBlob? blob)
    {
        blob = null;
        if (output.Length != Length || !output[..16].SequenceEqual(Marker))
        {
            return false;
        }

        blob = new GatewayTaskOutputBlob(Convert.ToHexStringLower(output.Slice(16, 32)), BinaryPrimitives.ReadUInt64BigEndian(output[48..]));
        return true;
    }
}
