namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.Pow;

/// <summary>A proof-of-work search's result: the nonce found by the lowest-index chunk that found one (the lowest nonce).</summary>
/// <param name="Found">Whether any chunk found a nonce.</param>
/// <param name="Nonce">The nonce; 0 when none was found.</param>
/// <param name="Digest">SHA-256(prefix ‖ u64be(nonce)), 32 bytes; empty when none was found.</param>
public sealed record PowJobResult(bool Found, ulong Nonce, byte[] Digest) : JobResult
{
    /// <inheritdoc/>
    public override string Kind => PowJobKind.KindName;
}
