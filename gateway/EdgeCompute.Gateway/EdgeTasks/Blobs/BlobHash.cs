using System.Security.Cryptography;

namespace EdgeCompute.Gateway.EdgeTasks.Blobs;

/// <summary>SHA-256 names of blobs: 64 lowercase hex characters, as in URLs, JSON and file names.</summary>
public static class BlobHash
{
    /// <summary>The length of a hash in hex characters.</summary>
    public const int HexLength = 64;

    /// <summary>Whether <paramref name="hash"/> is 64 lowercase hex characters (so it is also a safe file name).</summary>
    /// <param name="hash">The candidate.</param>
    /// <returns>Whether it is a blob name.</returns>
    public static bool IsValid(string? hash) =>
        hash is { Length: HexLength } && hash.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>The SHA-256 of <paramref name="bytes"/> as 64 lowercase hex characters.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The hash.</returns>
    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
