using System.Security.Cryptography;

namespace EdgeCompute.Coordinator.Domain.Blobs;

/// <summary>A blob's name: its SHA-256 as 64 lowercase hex characters (URLs and JSON).</summary>
public static class BlobHash
{
    /// <summary>The length of a hash in hex.</summary>
    public const int HexLength = SHA256.HashSizeInBytes * 2;

    /// <summary>Whether <paramref name="text"/> is 64 lowercase hex characters.</summary>
    /// <param name="text">The text.</param>
    /// <returns>True when it names a blob.</returns>
    public static bool IsValid(string? text)
    {
        if (text is null || text.Length != HexLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The hash of <paramref name="bytes"/>, as hex.</summary>
    /// <param name="bytes">The content.</param>
    /// <returns>64 lowercase hex characters.</returns>
    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The 32 bytes of a valid hex hash.</summary>
    /// <param name="hex">The hash (see <see cref="IsValid"/>).</param>
    /// <returns>The digest.</returns>
    /// <exception cref="ArgumentException">The text is not a hash.</exception>
    public static byte[] ToBytes(string hex) =>
        IsValid(hex) ? Convert.FromHexString(hex) : throw new ArgumentException("a blob hash is 64 lowercase hex characters", nameof(hex));
}
