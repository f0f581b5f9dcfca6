using System.Formats.Cbor;

namespace EdgeCompute.Protocol.Tasks;

/// <summary><c>pow.sha256</c> output: <c>[found, nonce, digest]</c>; the digest is 32 bytes when found, empty otherwise.</summary>
/// <param name="Found">Whether a nonce met the difficulty.</param>
/// <param name="Nonce">The nonce found.</param>
/// <param name="Digest">SHA-256(prefix || u64be(nonce)) when found; empty otherwise.</param>
public sealed record PowSha256Output(bool Found, ulong Nonce, ReadOnlyMemory<byte> Digest) : KernelOutput
{
    internal override string? Check() =>
        Digest.Length == (Found ? 32 : 0) ? null : $"digest must be {(Found ? 32 : 0)} bytes when found is {Found}, found {Digest.Length}";

    internal override void Write(CborWriter writer)
    {
        writer.WriteStartArray(3);
        writer.WriteBoolean(Found);
        writer.WriteUInt64(Nonce);
        writer.WriteByteString(Digest.Span);
        writer.WriteEndArray();
    }
}
