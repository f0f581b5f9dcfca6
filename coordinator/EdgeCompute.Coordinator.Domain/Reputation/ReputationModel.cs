using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Coordinator.Domain.Reputation;

/// <summary>
/// Bayesian reputation with decay. Each node holds a Beta(α, β) posterior over "its result is valid", starting
/// at the prior. A valid outcome adds 1 to α, an invalid one adds <see cref="ReputationOptions.InvalidPenalty"/>
/// to β (a missed deadline <see cref="ReputationOptions.MissedDeadlinePenalty"/>); pending and not-payable outcomes
/// change nothing. A node whose decayed failure weight reaches <see cref="ReputationOptions.SuspectAbove"/> is suspect. Between updates the evidence above the prior decays
/// exponentially with <see cref="ReputationOptions.HalfLife"/>, so α and β drift back toward the prior and old
/// behaviour fades. Times come from the caller (an injected TimeProvider); a clock that went backwards decays nothing.
/// </summary>
public sealed class ReputationModel
{
    /// <summary>Creates the model.</summary>
    /// <param name="options">The settings.</param>
    public ReputationModel(ReputationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.PriorAlpha > 0) || !(options.PriorBeta > 0) || !(options.InvalidPenalty > 0) || !(options.MissedDeadlinePenalty > 0)
            || !(options.SuspectAbove > 0) || options.HalfLife < TimeSpan.Zero || !(options.LowerBoundZ >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Priors, penalties and the suspect threshold must be positive, the half-life and z not negative.");
        }

        Options = options;
    }

    /// <summary>The settings.</summary>
    public ReputationOptions Options { get; }

    /// <summary>A new node's state: the prior.</summary>
    /// <param name="now">The current time.</param>
    /// <returns>The prior state.</returns>
    public ReputationState Initial(DateTimeOffset now) => new(Options.PriorAlpha, Options.PriorBeta, now.ToUnixTimeMilliseconds());

    /// <summary>Decays a state to <paramref name="now"/>: the evidence above the prior halves every half-life.</summary>
    /// <param name="state">The stored state.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The state as of <paramref name="now"/>.</returns>
    public ReputationState Decay(ReputationState state, DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var elapsedMs = nowMs - state.UpdatedAtUnixMs;
        if (elapsedMs <= 0 || Options.HalfLife == TimeSpan.Zero)
        {
            return state with { UpdatedAtUnixMs = Math.Max(nowMs, state.UpdatedAtUnixMs) };
        }

        var keep = Math.Pow(0.5, elapsedMs / Options.HalfLife.TotalMilliseconds);
        return new(
            Options.PriorAlpha + ((state.Alpha - Options.PriorAlpha) * keep),
            Options.PriorBeta + ((state.Beta - Options.PriorBeta) * keep),
            nowMs);
    }

    /// <summary>Decays a state to <paramref name="now"/> and applies one verification outcome.</summary>
    /// <param name="state">The stored state.</param>
    /// <param name="outcome">The outcome of one of the node's results.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The new state.</returns>
    public ReputationState Record(ReputationState state, VerificationOutcome outcome, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var decayed = Decay(state, now);
        return outcome.Status switch
        {
            VerificationStatus.Valid => decayed with { Alpha = decayed.Alpha + 1 },
            VerificationStatus.Invalid when outcome.ReasonCode == VerificationReasonCode.DeadlineMissed => decayed with { Beta = decayed.Beta + Options.MissedDeadlinePenalty },
            VerificationStatus.Invalid => decayed with { Beta = decayed.Beta + Options.InvalidPenalty },
            _ => decayed,
        };
    }

    /// <summary>
    /// Whether a node is suspect at <paramref name="now"/>: its decayed failure weight (β above the prior) is at least
    /// <see cref="ReputationOptions.SuspectAbove"/>. A suspect node is never trusted to run alone, and a quorum it wins is
    /// re-executed by the coordinator before it is accepted (<see cref="SuspectReExecution"/>). Only time clears it: valid
    /// results add to α and never take from β, so a cheater cannot work its suspicion off by behaving for a while.
    /// </summary>
    /// <param name="state">The stored state.</param>
    /// <param name="now">The current time.</param>
    /// <returns>Whether it is suspect.</returns>
    public bool IsSuspect(ReputationState state, DateTimeOffset now) => Decay(state, now).Beta - Options.PriorBeta >= Options.SuspectAbove;

    /// <summary>Reads a state at <paramref name="now"/>.</summary>
    /// <param name="state">The stored state.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The mean, the lower credible bound and the evidence.</returns>
    public ReputationScore Score(ReputationState state, DateTimeOffset now)
    {
        var (alpha, beta, _) = Decay(state, now);
        var total = alpha + beta;
        var mean = alpha / total;
        var deviation = Math.Sqrt(alpha * beta / (total * total * (total + 1)));
        var lower = Math.Clamp(mean - (Options.LowerBoundZ * deviation), 0, 1);
        return new(mean, lower, Math.Max(0, total - Options.PriorAlpha - Options.PriorBeta));
    }
}
