using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>What verification concluded about one result, why, and how many cost units it earns.</summary>
/// <param name="Key">The result's identity.</param>
/// <param name="Status">Valid, invalid, pending or not payable.</param>
/// <param name="ReasonCode">Why.</param>
/// <param name="CostUnits">Kernel ops to pay for (bounded by the op budget); 0 unless <see cref="VerificationStatus.Valid"/>.</param>
public sealed record VerificationOutcome(ResultKey Key, VerificationStatus Status, VerificationReasonCode ReasonCode, ulong CostUnits)
{
    /// <summary>Whether the result earns a payment (valid with cost units). The slot book still pays each slot once.</summary>
    public bool IsPayable => Status == VerificationStatus.Valid && CostUnits > 0;

    /// <summary>A valid result earning its ops, capped at the assignment's op budget.</summary>
    /// <param name="result">The result.</param>
    /// <param name="reasonCode">Why it is valid.</param>
    /// <returns>The outcome.</returns>
    public static VerificationOutcome Valid(SubmittedResult result, VerificationReasonCode reasonCode)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Key, VerificationStatus.Valid, reasonCode, CostUnitsOf(result.Assignment, result.Result));
    }

    /// <summary>An invalid result: nothing paid, the node is penalised.</summary>
    /// <param name="key">The result's identity.</param>
    /// <param name="reasonCode">Why it is wrong.</param>
    /// <returns>The outcome.</returns>
    public static VerificationOutcome Invalid(ResultKey key, VerificationReasonCode reasonCode) =>
        new(key, VerificationStatus.Invalid, reasonCode, 0);

    /// <summary>
    /// A missed deadline: the assignment <paramref name="key"/> names was withdrawn without a result. Invalid, so the node
    /// loses trust and reputation (<see cref="Reputation.ReputationOptions.MissedDeadlinePenalty"/>), and a node that never
    /// answers is caught.
    /// </summary>
    /// <param name="key">The withdrawn assignment's task, slot and node.</param>
    /// <returns>The outcome.</returns>
    public static VerificationOutcome MissedDeadline(ResultKey key) => Invalid(key, VerificationReasonCode.DeadlineMissed);

    /// <summary>An undecided result.</summary>
    /// <param name="key">The result's identity.</param>
    /// <param name="reasonCode">What it waits for.</param>
    /// <returns>The outcome.</returns>
    public static VerificationOutcome Pending(ResultKey key, VerificationReasonCode reasonCode) =>
        new(key, VerificationStatus.Pending, reasonCode, 0);

    /// <summary>A result recorded without payment or penalty.</summary>
    /// <param name="key">The result's identity.</param>
    /// <param name="reasonCode">Why it is not paid.</param>
    /// <returns>The outcome.</returns>
    public static VerificationOutcome NotPayable(ResultKey key, VerificationReasonCode reasonCode) =>
        new(key, VerificationStatus.NotPayable, reasonCode, 0);

    /// <summary>The cost units a result earns when valid: its ops, never more than the assignment's op budget.</summary>
    /// <param name="assignment">The assignment.</param>
    /// <param name="result">The result.</param>
    /// <returns>The cost units.</returns>
    public static ulong CostUnitsOf(TaskAssignment assignment, TaskResult result)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(result);
        return Math.Min(result.Ops, assignment.OpBudget);
    }
}
