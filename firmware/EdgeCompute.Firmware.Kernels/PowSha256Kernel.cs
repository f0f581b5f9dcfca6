using System;
using EdgeCompute.Firmware.Kernels.Crypto;

namespace EdgeCompute.Firmware.Kernels;

/// <summary>
/// The pow.sha256 kernel: finds the first nonce in [start, start + count) whose
/// SHA-256(prefix || u64be(nonce)) has at least the required leading zero bits. One op = one nonce tried.
/// Buffers are preallocated, so a run allocates nothing.
/// </summary>
public sealed class PowSha256Kernel
{
    /// <summary>The longest prefix accepted, in bytes.</summary>
    public const int MaxPrefixLength = 64;

    /// <summary>The highest difficulty accepted, in leading zero bits.</summary>
    public const int MaxDifficultyBits = 255;

    private const int NonceLength = 8;

    private readonly Sha256 _sha = new Sha256();
    private readonly byte[] _message = new byte[MaxPrefixLength + NonceLength];
    private readonly byte[] _digest = new byte[Sha256.HashSize];

    /// <summary>Creates a kernel with its buffers.</summary>
    public PowSha256Kernel()
    {
    }

    /// <summary>
    /// Runs the search. Bad parameters (prefix length outside 0…64 or beyond the array, nonce count 0,
    /// a range running past 2^64 − 1, difficulty outside 0…255, negative budget) give
    /// <see cref="KernelStatus.BadParams"/>. A range without a hit gives <see cref="KernelStatus.Ok"/>
    /// with <see cref="KernelOutput.Found"/> false.
    /// </summary>
    /// <param name="prefix">The prefix bytes (may be null when <paramref name="prefixLength"/> is 0).</param>
    /// <param name="prefixLength">How many bytes of <paramref name="prefix"/> to use, 0…64.</param>
    /// <param name="nonceStart">The first nonce to try.</param>
    /// <param name="nonceCount">How many nonces to try, at least 1.</param>
    /// <param name="difficultyBits">The leading zero bits required, 0…255.</param>
    /// <param name="opBudget">The most nonces the run may try.</param>
    /// <param name="output">Receives the result; cleared first.</param>
    public void Run(byte[] prefix, int prefixLength, ulong nonceStart, ulong nonceCount, int difficultyBits, long opBudget, KernelOutput output)
    {
        if (output == null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        output.Clear();
        if (prefixLength < 0 || prefixLength > MaxPrefixLength
            || (prefixLength > 0 && (prefix == null || prefix.Length < prefixLength))
            || nonceCount == 0 || nonceCount - 1 > ulong.MaxValue - nonceStart
            || difficultyBits < 0 || difficultyBits > MaxDifficultyBits || opBudget < 0)
        {
            output.Status = KernelStatus.BadParams;
            return;
        }

        if (prefixLength > 0)
        {
            Array.Copy(prefix!, 0, _message, 0, prefixLength);
        }

        var messageLength = prefixLength + NonceLength;
        var nonce = nonceStart;
        var ops = 0L;
        for (var tried = 0UL; tried < nonceCount; tried++)
        {
            if (ops >= opBudget)
            {
                output.Fail(KernelStatus.BudgetExceeded, ops);
                return;
            }

            ops++;
            WriteNonce(nonce, prefixLength);
            _sha.Update(_message, 0, messageLength);
            _sha.Final(_digest, 0);
            if (HasLeadingZeroBits(_digest, difficultyBits))
            {
                output.Ops = ops;
                output.Found = true;
                output.Nonce = nonce;
                Array.Copy(_digest, output.Digest, Sha256.HashSize);
                output.DigestLength = Sha256.HashSize;
                return;
            }

            nonce = unchecked(nonce + 1);
        }

        output.Ops = ops;
    }

    /// <summary>Whether <paramref name="digest"/> starts with at least <paramref name="bits"/> zero bits.</summary>
    /// <param name="digest">A 32-byte digest.</param>
    /// <param name="bits">The zero bits required, 0…256.</param>
    /// <returns><see langword="true"/> when the digest meets the difficulty.</returns>
    public static bool HasLeadingZeroBits(byte[] digest, int bits)
    {
        var wholeBytes = bits >> 3;
        for (var i = 0; i < wholeBytes; i++)
        {
            if (digest[i] != 0)
            {
                return false;
            }
        }

        var partial = bits & 7;
        return partial == 0 || (digest[wholeBytes] >> (8 - partial)) == 0;
    }

    private void WriteNonce(ulong nonce, int at)
    {
        for (var i = NonceLength - 1; i >= 0; i--)
        {
            _message[at + i] = (byte)nonce;
            nonce >>= 8;
        }
    }
}
