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

    /// <summary>
    /// How much one missed deadline adds to β (<see cref="Verification.VerificationReasonCode.DeadlineMissed"/>: an assignment
    /// withdrawn and reissued because no result came in time): evidence that the node fails, lighter than a wrong answer,
    /// since an honest node may fall offline.
    /// </summary>
    public double MissedDeadlinePenalty { get; init; } = 1;

    /// <summary>
    /// Decayed failure weight (β above the prior) at or above which a node is suspect (<see cref="ReputationModel.IsSuspect"/>):
    /// half a wrong answer's weight by default, so one wrong answer keeps a node suspect for one half-life, and three missed
    /// deadlines in a row make it suspect.
    /// </summary>
    public double SuspectAbove { get; init; } = 2.5;

    /// <summary>After this long the evidence above the prior counts half; <see cref="TimeSpan.Zero"/> turns decay off.</summary>
    public TimeSpan HalfLife { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Standard deviations below the mean for <see cref="ReputationScore.LowerBound"/> (1.645 ≈ one-sided 95 %).</summary>
    public double LowerBoundZ { get; init; } = 1.645;
}
