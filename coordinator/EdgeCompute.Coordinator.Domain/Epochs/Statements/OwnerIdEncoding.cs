using System.Text;

namespace EdgeCompute.Coordinator.Domain.Epochs.Statements;

/// <summary>
/// Owner ids as statements and Merkle leaves encode them: <c>str8</c> = one length byte followed by 1..255 bytes of
/// well-formed UTF-8.
/// </summary>
public static class OwnerIdEncoding
{
    /// <summary>Longest owner id in UTF-8 bytes.</summary>
    public const int MaxBytes = 255;

    private static readonly UTF8Encoding _strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The UTF-8 bytes of <paramref name="owner"/>, checked.</summary>
    /// <param name="owner">The owner id.</param>
    /// <returns>The bytes (without the length prefix).</returns>
    /// <exception cref="ArgumentException">Empty, longer than 255 bytes, or not well-formed UTF-16.</exception>
    public static byte[] Encode(string owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (owner.Length == 0)
        {
            throw new ArgumentException("an owner id must not be empty", nameof(owner));
        }

        byte[] bytes;
        try
        {
            bytes = _strictUtf8.GetBytes(owner);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"owner id is not well-formed Unicode: {e.Message}", nameof(owner), e);
        }

        if (bytes.Length > MaxBytes)
        {
            throw new ArgumentException($"an owner id is at most {MaxBytes} UTF-8 bytes, found {bytes.Length}", nameof(owner));
        }

        return bytes;
    }
}
