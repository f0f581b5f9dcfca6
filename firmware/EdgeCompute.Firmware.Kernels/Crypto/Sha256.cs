using System;

namespace EdgeCompute.Firmware.Kernels.Crypto;

/// <summary>
/// SHA-256 (FIPS 180-4), written out because nanoFramework's mscorlib has no cryptography.
/// An instance holds all its working buffers, so hashing allocates nothing after construction.
/// </summary>
public sealed class Sha256
{
    /// <summary>The digest length in bytes.</summary>
    public const int HashSize = 32;

    /// <summary>The compression block length in bytes.</summary>
    public const int BlockSize = 64;

    private static readonly object SharedLock = new object();

    private static Sha256? _shared;

    private static readonly uint[] RoundConstants =
    {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    };

    private readonly uint[] _state = new uint[8];
    private readonly uint[] _schedule = new uint[64];
    private readonly byte[] _block = new byte[BlockSize];
    private int _blockLength;
    private ulong _totalBytes;

    /// <summary>Creates a hasher in its initial state.</summary>
    public Sha256()
    {
        Reset();
    }

    /// <summary>Discards any input and returns to the initial state.</summary>
    public void Reset()
    {
        _state[0] = 0x6a09e667;
        _state[1] = 0xbb67ae85;
        _state[2] = 0x3c6ef372;
        _state[3] = 0xa54ff53a;
        _state[4] = 0x510e527f;
        _state[5] = 0x9b05688c;
        _state[6] = 0x1f83d9ab;
        _state[7] = 0x5be0cd19;
        _blockLength = 0;
        _totalBytes = 0;
    }

    /// <summary>Feeds <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
    /// <param name="data">The input buffer.</param>
    /// <param name="offset">The first byte to hash.</param>
    /// <param name="count">How many bytes to hash.</param>
    public void Update(byte[] data, int offset, int count)
    {
        CheckRange(data, offset, count);
        _totalBytes += (ulong)count;

        if (_blockLength > 0)
        {
            var take = BlockSize - _blockLength;
            if (take > count)
            {
                take = count;
            }

            Array.Copy(data, offset, _block, _blockLength, take);
            _blockLength += take;
            offset += take;
            count -= take;
            if (_blockLength < BlockSize)
            {
                return;
            }

            Compress(_block, 0);
            _blockLength = 0;
        }

        while (count >= BlockSize)
        {
            Compress(data, offset);
            offset += BlockSize;
            count -= BlockSize;
        }

        if (count > 0)
        {
            Array.Copy(data, offset, _block, 0, count);
            _blockLength = count;
        }
    }

    /// <summary>Writes the 32-byte digest of everything fed so far, then resets for reuse.</summary>
    /// <param name="output">The destination buffer.</param>
    /// <param name="outputOffset">Where the digest starts in <paramref name="output"/>.</param>
    public void Final(byte[] output, int outputOffset)
    {
        CheckRange(output, outputOffset, HashSize);
        var bitLength = _totalBytes << 3;

        _block[_blockLength++] = 0x80;
        if (_blockLength > BlockSize - 8)
        {
            Array.Clear(_block, _blockLength, BlockSize - _blockLength);
            Compress(_block, 0);
            _blockLength = 0;
        }

        Array.Clear(_block, _blockLength, BlockSize - 8 - _blockLength);
        for (var i = 0; i < 8; i++)
        {
            _block[BlockSize - 1 - i] = (byte)(bitLength >> (8 * i));
        }

        Compress(_block, 0);

        for (var i = 0; i < 8; i++)
        {
            var word = _state[i];
            var at = outputOffset + (4 * i);
            output[at] = (byte)(word >> 24);
            output[at + 1] = (byte)(word >> 16);
            output[at + 2] = (byte)(word >> 8);
            output[at + 3] = (byte)word;
        }

        Reset();
    }

    /// <summary>Hashes one buffer range in a single call, on a shared hasher under a lock (allocates nothing after the first call).</summary>
    /// <param name="data">The input buffer.</param>
    /// <param name="offset">The first byte to hash.</param>
    /// <param name="count">How many bytes to hash.</param>
    /// <param name="output">The destination buffer.</param>
    /// <param name="outputOffset">Where the digest starts in <paramref name="output"/>.</param>
    public static void Hash(byte[] data, int offset, int count, byte[] output, int outputOffset)
    {
        // One shared instance: hashing a task assignment or a frame must not allocate on the device.
        lock (SharedLock)
        {
            if (_shared == null)
            {
                _shared = new Sha256();
            }

            _shared.Reset();
            _shared.Update(data, offset, count);
            _shared.Final(output, outputOffset);
        }
    }

    internal static void CheckRange(byte[] buffer, int offset, int count)
    {
        if (buffer == null)
        {
            throw new ArgumentNullException(nameof(buffer));
        }

        if (offset < 0 || count < 0 || offset > buffer.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), "Range outside buffer.");
        }
    }

    private static uint RotateRight(uint x, int n)
    {
        return (x >> n) | (x << (32 - n));
    }

    private void Compress(byte[] data, int offset)
    {
        var w = _schedule;
        for (var i = 0; i < 16; i++)
        {
            var at = offset + (4 * i);
            w[i] = ((uint)data[at] << 24) | ((uint)data[at + 1] << 16) | ((uint)data[at + 2] << 8) | data[at + 3];
        }

        for (var i = 16; i < 64; i++)
        {
            var w15 = w[i - 15];
            var w2 = w[i - 2];
            var s0 = RotateRight(w15, 7) ^ RotateRight(w15, 18) ^ (w15 >> 3);
            var s1 = RotateRight(w2, 17) ^ RotateRight(w2, 19) ^ (w2 >> 10);
            w[i] = unchecked(w[i - 16] + s0 + w[i - 7] + s1);
        }

        var a = _state[0];
        var b = _state[1];
        var c = _state[2];
        var d = _state[3];
        var e = _state[4];
        var f = _state[5];
        var g = _state[6];
        var h = _state[7];

        for (var i = 0; i < 64; i++)
        {
            var sum1 = RotateRight(e, 6) ^ RotateRight(e, 11) ^ RotateRight(e, 25);
            var choose = (e & f) ^ (~e & g);
            var t1 = unchecked(h + sum1 + choose + RoundConstants[i] + w[i]);
            var sum0 = RotateRight(a, 2) ^ RotateRight(a, 13) ^ RotateRight(a, 22);
            var majority = (a & b) ^ (a & c) ^ (b & c);
            var t2 = unchecked(sum0 + majority);
            h = g;
            g = f;
            f = e;
            e = unchecked(d + t1);
            d = c;
            c = b;
            b = a;
            a = unchecked(t1 + t2);
        }

        unchecked
        {
            _state[0] += a;
            _state[1] += b;
            _state[2] += c;
            _state[3] += d;
            _state[4] += e;
            _state[5] += f;
            _state[6] += g;
            _state[7] += h;
        }
    }
}
