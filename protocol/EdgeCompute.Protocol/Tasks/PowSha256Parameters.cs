using System.Formats.Cbor;

namespace EdgeCompute.Protocol.Tasks;

/// <summary><c>pow.sha256</c> params: <c>[prefix bstr (0…64 B), nonce start, nonce count (≥ 1), difficulty (0…255)]</c>.</summary>
/// <param name="Prefix">The bytes hashed before the nonce.</param>
/// <param name="NonceStart">The first nonce to try.</param>
/// <param name="NonceCount">How many nonces to try (≥ 1; the range must not pass 2^64 − 1).</param>
/// <param name="Difficulty">Required leading zero bits of the digest, 0 to 255.</param>
public sealed record PowSha256Parameters(ReadOnlyMemory<byte> Prefix, ulong NonceStart, ulong NonceCount, int Difficulty) : KernelParameters
{
    /// <summary>The longest prefix.</summary>
    public const int MaxPrefixBytes = 64;

    /// <inheritdoc/>
    public override string Kernel => KernelNames.PowSha256;

    internal override string? Check() =>
        Prefix.Length > MaxPrefixBytes ? $"prefix of {Prefix.Length} bytes exceeds {MaxPrefixBytes}"
        : NonceCount == 0 ? "nonce count must be at least 1"
        : NonceCount - 1 > ulong.MaxValue - NonceStart ? "the nonce range passes 2^64 - 1"
        : Difficulty is < 0 or > 255 ? $"difficulty {Difficulty} is not 0 to 255"
        : null;

    internal override void Write(CborWriter writer)
    {
        writer.WriteStartArray(4);
        writer.WriteByteString(Prefix.Span);
        writer.WriteUInt64(NonceStart);
        writer.WriteUInt64(NonceCount);
        writer.WriteInt32(Difficulty);
        writer.WriteEndArray();
    }
}
