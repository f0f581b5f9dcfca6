namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.MonteCarloPi;

/// <summary>
/// A Monte Carlo estimate of π from <paramref name="Samples"/> samples, one <c>mc.pi</c> task per
/// <paramref name="ChunkSamples"/> samples (the last chunk may be smaller). Chunk <c>i</c> is seeded with
/// <see cref="ChunkSeeds.For"/>(<paramref name="Seed"/>, i), so the job is repeatable and chunks draw different streams.
/// </summary>
/// <param name="Samples">Samples in all, 1 to <see cref="MonteCarloPiJobKind.MaxSamples"/>.</param>
/// <param name="ChunkSamples">Samples per task, 1 to <see cref="JobLimits.MaxOpsPerTask"/>.</param>
/// <param name="Seed">The job seed.</param>
public sealed record MonteCarloPiJobSpec(ulong Samples, ulong ChunkSamples, ulong Seed) : JobSpec
{
    /// <inheritdoc/>
    public override string Kind => MonteCarloPiJobKind.KindName;
}
