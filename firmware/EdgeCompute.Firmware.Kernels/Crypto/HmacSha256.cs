using System;

namespace EdgeCompute.Firmware.Kernels.Crypto;

/// <summary>
/// HMAC-SHA256 (RFC 2104) over <see cref="Sha256"/>. The keyed pads are computed once in the
/// constructor; <see cref="Update"/> and <see cref="Final"/> allocate nothing.
/// </summary>
public sealed class HmacSha256
{
    /// <summary>The MAC length in bytes (not truncated).</summary>
    public const int MacSize = 32;

    private const byte InnerPad = 0x36;
    private const byte OuterPad = 0x5c;

    private readonly Sha256 _inner = new Sha256();
    private readonly Sha256 _outer = new Sha256();
    private readonly byte[] _innerKeyPad = new byte[Sha256.BlockSize];
    private readonly byte[] _outerKeyPad = new byte[Sha256.BlockSize];
    private readonly byte[] _innerHash = new byte[Sha256.HashSize];

    /// <summary>Creates a MAC keyed with <paramref name="key"/>; keys longer than 64 bytes are hashed first.</summary>
    /// <param name="key">The secret key, any length.</param>
    public HmacSha256(byte[] key)
    {
        if (key == null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        var blockKey = new byte[Sha256.BlockSize];
        if (key.Length > Sha256.BlockSize)
        {
            _inner.Update(key, 0, key.Length);
            _inner.Final(blockKey, 0);
        }
        else
        {
            Array.Copy(key, blockKey, key.Length);
        }

        for (var i = 0; i < Sha256.BlockSize; i++)
        {
            _innerKeyPad[i] = (byte)(blockKey[i] ^ InnerPad);
            _outerKeyPad[i] = (byte)(blockKey[i] ^ OuterPad);
        }

        Array.Clear(blockKey, 0, blockKey.Length);
        Reset();
    }

    /// <summary>Discards any input and returns to the keyed initial state.</summary>
    public void Reset()
    {
        _inner.Reset();
        _inner.Update(_innerKeyPad, 0, Sha256.BlockSize);
    }

    /// <summary>Feeds <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
    /// <param name="data">The input buffer.</param>
    /// <param name="offset">The first byte to authenticate.</param>
    /// <param name="count">How many bytes to authenticate.</param>
    public void Update(byte[] data, int offset, int count)
    {
        _inner.Update(data, offset, count);
    }

    /// <summary>Writes the 32-byte MAC of everything fed so far, then calls <see cref="Reset"/>.</summary>
    /// <param name="output">The destination buffer.</param>
    /// <param name="outputOffset">Where the MAC starts in <paramref name="output"/>.</param>
    public void Final(byte[] output, int outputOffset)
    {
        Sha256.CheckRange(output, outputOffset, MacSize);
        _inner.Final(_innerHash, 0);
        _outer.Update(_outerKeyPad, 0, Sha256.BlockSize);
        _outer.Update(_innerHash, 0, Sha256.HashSize);
        _outer.Final(output, outputOffset);
        Reset();
    }

    /// <summary>Computes one MAC in a single call (allocates; prefer an instance in loops).</summary>
    /// <param name="key">The secret key, any length.</param>
    /// <param name="data">The input buffer.</param>
    /// <param name="offset">The first byte to authenticate.</param>
    /// <param name="count">How many bytes to authenticate.</param>
    /// <param name="output">The destination buffer.</param>
    /// <param name="outputOffset">Where the MAC starts in <paramref name="output"/>.</param>
    public static void Compute(byte[] key, byte[] data, int offset, int count, byte[] output, int outputOffset)
    {
        var mac = new HmacSha256(key);
        mac.Update(data, offset, count);
        mac.Final(output, outputOffset);
    }

    /// <summary>
    /// Compares two byte ranges in time that depends only on <paramref name="count"/>, not on where they differ,
    /// so a MAC check leaks nothing about the expected value.
    /// </summary>
    /// <param name="a">The first buffer.</param>
    /// <param name="aOffset">Where the range starts in <paramref name="a"/>.</param>
    /// <param name="b">The second buffer.</param>
    /// <param name="bOffset">Where the range starts in <paramref name="b"/>.</param>
    /// <param name="count">How many bytes to compare.</param>
    /// <returns><see langword="true"/> when the ranges are equal.</returns>
    public static bool FixedTimeEquals(byte[] a, int aOffset, byte[] b, int bOffset, int count)
    {
        Sha256.CheckRange(a, aOffset, count);
        Sha256.CheckRange(b, bOffset, count);
        var difference = 0;
        for (var i = 0; i < count; i++)
        {
            difference |= a[aOffset + i] ^ b[bOffset + i];
        }

        return difference == 0;
    }
}
