using System.Security.Cryptography;

namespace EdgeCompute.Protocol.Sequencing;

/// <summary>The payload hash the duplicate rule compares: SHA-256 of the exact bytes as received (32 bytes).</summary>
public static class PayloadHash
{
    /// <summary>The hash length in bytes.</summary>
    public const int Length = 32;

    /// <summary>Hashes a payload.</summary>
    /// <param name="payload">The exact message bytes (device frame or batch message).</param>
    /// <returns>The 32-byte SHA-256.</returns>
    public static byte[] Of(ReadOnlySpan<byte> payload) => SHA256.HashData(payload);

    /// <summary>Hashes a payload into a buffer of its own (no allocation: the gateway's ingest path hashes every frame).</summary>
    /// <param name="payload">The exact message bytes (device frame or batch message).</param>
    /// <param name="destination">Where the 32-byte SHA-256 goes; at least <see cref="Length"/> bytes.</param>
    public static void Write(ReadOnlySpan<byte> payload, Span<byte> destination) => SHA256.HashData(payload, destination);
}
