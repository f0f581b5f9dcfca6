namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.Pow;

/// <summary>
/// A proof-of-work search: find a nonce in [<paramref name="NonceStart"/>, <paramref name="NonceStart"/> +
/// <paramref name="NonceCount"/>) with SHA-256(prefix ‖ u64be(nonce)) starting with <paramref name="Difficulty"/>
/// zero bits. One <c>pow.sha256</c> task per <paramref name="ChunkSize"/> nonces (the last chunk may be shorter).
/// </summary>
/// <param name="Prefix">The bytes hashed before the nonce (at most 64).</param>
/// <param name="Difficulty">Leading zero bits required, 0 to 255.</param>
/// <param name="NonceStart">The first nonce.</param>
/// <param name="NonceCount">How many nonces to search (at least 1; the range must not pass 2^64 − 1).</param>
/// <param name="ChunkSize">Nonces per task, 1 to <see cref="JobLimits.MaxOpsPerTask"/>.</param>
public sealed record PowJobSpec(byte[] Prefix, int Difficulty, ulong NonceStart, ulong NonceCount, ulong ChunkSize) : JobSpec
{
    /// <inheritdoc/>
    public override string Kind => PowJobKind.KindName;
}
