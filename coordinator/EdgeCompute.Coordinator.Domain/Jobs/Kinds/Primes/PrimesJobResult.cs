namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.Primes;

/// <summary>A prime count's result: the primes p with <paramref name="From"/> ≤ p &lt; <paramref name="To"/>.</summary>
/// <param name="From">The inclusive lower bound.</param>
/// <param name="To">The exclusive upper bound.</param>
/// <param name="Count">Primes in [From, To).</param>
public sealed record PrimesJobResult(ulong From, ulong To, ulong Count) : JobResult
{
    /// <inheritdoc/>
    public override string Kind => PrimesJobKind.KindName;
}
