namespace EdgeCompute.Coordinator.Domain.Reputation;

/// <summary>The reputation model's settings.</summary>
public sealed record ReputationOptions
{
    /// <summary>α of the prior (pseudo-count of valid results a new node starts with).</summary>
    public double PriorAlpha { get; init; } = 2;

    /// <summary>β of the prior (pseudo-count of invalid results a new node starts with).</summary>
    public double PriorBeta { get; init; } = 1;

    /// <summary>How much one invalid result adds to β (a valid one adds 1 to α): wrong results cost more than right ones earn.</summary>
    public double InvalidPenalty { get; init; } = 5;

    /// <summary>After this long the evidence above the prior counts half; <see cref="TimeSpan.Zero"/> turns decay off.</summary>
    public TimeSpan HalfLife { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Standard deviations below the mean for <see cref="ReputationScore.LowerBound"/> (1.645 ≈ one-sided 95 %).</summary>
    public double LowerBoundZ { get; init; } = 1.645;
}
