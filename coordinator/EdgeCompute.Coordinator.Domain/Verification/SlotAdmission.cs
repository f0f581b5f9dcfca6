namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>The slot book's answer to an arriving result.</summary>
/// <param name="Key">The result's identity.</param>
/// <param name="Status">Accepted, recorded but not payable, or rejected.</param>
/// <param name="ReasonCode">Why.</param>
/// <param name="ReceivedAt">When the result arrived (from the caller's clock).</param>
public sealed record SlotAdmission(ResultKey Key, SlotAdmissionStatus Status, SlotReasonCode ReasonCode, DateTimeOffset ReceivedAt)
{
    /// <summary>Whether the result goes on to verification.</summary>
    public bool IsAccepted => Status == SlotAdmissionStatus.Accepted;

    /// <summary>
    /// The verification outcome of a result that did not get through: <see cref="VerificationStatus.NotPayable"/>
    /// with the matching reason. Null for an accepted result, which verification decides.
    /// </summary>
    /// <returns>The outcome, or null when accepted.</returns>
    public VerificationOutcome? ToOutcome() => ReasonCode switch
    {
        SlotReasonCode.Ok => null,
        SlotReasonCode.LateAfterReissue => VerificationOutcome.NotPayable(Key, VerificationReasonCode.LateAfterReissue),
        SlotReasonCode.TaskClosed => VerificationOutcome.NotPayable(Key, VerificationReasonCode.TaskClosed),
        SlotReasonCode.DuplicateResult => VerificationOutcome.NotPayable(Key, VerificationReasonCode.DuplicateResult),
        _ => VerificationOutcome.NotPayable(Key, VerificationReasonCode.NotIssuedToDevice),
    };
}
