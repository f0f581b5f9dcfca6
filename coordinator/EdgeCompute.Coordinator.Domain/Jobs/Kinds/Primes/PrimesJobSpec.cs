using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.Primes;

/// <summary>
/// Counts the primes p with <paramref name="From"/> ≤ p &lt; <paramref name="To"/> (half-open, like the
/// <c>primes.count</c> kernel), one task per <paramref name="ChunkSize"/> numbers: chunk i covers
/// [From + i·ChunkSize, min(From + (i + 1)·ChunkSize, To)).
/// </summary>
/// <param name="From">The inclusive lower bound.</param>
/// <param name="To">The exclusive upper bound, above <paramref name="From"/> and at most <see cref="PrimesCountParameters.MaxTo"/> (2^32).</param>
/// <param name="ChunkSize">Numbers per task, 1 to <see cref="PrimesCountParameters.MaxSpan"/> (2^24).</param>
public sealed record PrimesJobSpec(ulong From, ulong To, ulong ChunkSize) : JobSpec
{
    /// <inheritdoc/>
    public override string Kind => PrimesJobKind.KindName;
}
