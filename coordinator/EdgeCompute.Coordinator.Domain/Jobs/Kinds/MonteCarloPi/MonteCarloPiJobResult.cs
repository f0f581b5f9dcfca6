namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.MonteCarloPi;

/// <summary>
/// A Monte Carlo π result. With p = inside / samples (the share of points inside the quarter circle, an estimate of
/// π/4) the estimate is 4p, and its standard error is 4·√(p(1 − p)/n) (binomial proportion, n = samples).
/// <see cref="ErrorBound"/> is three standard errors: π lies in Estimate ± ErrorBound with about 99.7 % confidence
/// (normal approximation). It is 0 when every or no sample fell inside.
/// </summary>
/// <param name="Inside">Samples inside, summed over chunks.</param>
/// <param name="Samples">Samples drawn, summed over chunks.</param>
/// <param name="Estimate">4 · inside / samples.</param>
/// <param name="ErrorBound">3 · 4 · √(p(1 − p)/samples).</param>
public sealed record MonteCarloPiJobResult(ulong Inside, ulong Samples, double Estimate, double ErrorBound) : JobResult
{
    /// <inheritdoc/>
    public override string Kind => MonteCarloPiJobKind.KindName;

    /// <summary>Computes the estimate and its bound from the counts.</summary>
    /// <param name="inside">Samples inside.</param>
    /// <param name="samples">Samples drawn, at least 1 and at least <paramref name="inside"/>.</param>
    /// <returns>The result.</returns>
    public static MonteCarloPiJobResult From(ulong inside, ulong samples)
    {
        ArgumentOutOfRangeException.ThrowIfZero(samples);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inside, samples);
        var p = (double)inside / samples;
        return new MonteCarloPiJobResult(inside, samples, 4 * p, 3 * 4 * Math.Sqrt(p * (1 - p) / samples));
    }
}
