using EdgeCompute.Coordinator.Domain.Ledger;

namespace EdgeCompute.Coordinator.Storage.Ledger;

/// <summary>The outcome of one append: per transfer what happened, and the head after the commit.</summary>
/// <param name="Outcomes">One per requested transfer, in request order.</param>
/// <param name="Head">The chain head after this append (unchanged when nothing was booked).</param>
public sealed record LedgerAppendResult(IReadOnlyList<LedgerBookingOutcome> Outcomes, LedgerHead Head)
{
    /// <summary>Whether every transfer is in the ledger, booked now or before.</summary>
    public bool IsSuccess => Outcomes.All(o => o.IsSuccess);

    /// <summary>The first refusal's reason, or <see cref="LedgerReasonCode.Booked"/> when every transfer is in the ledger.</summary>
    public LedgerReasonCode ReasonCode =>
        Outcomes.FirstOrDefault(o => !o.IsSuccess && o.ReasonCode != LedgerReasonCode.BatchRefused)?.ReasonCode ?? LedgerReasonCode.Booked;

    /// <summary>How many entries this append booked.</summary>
    public int BookedCount => Outcomes.Count(o => o.ReasonCode == LedgerReasonCode.Booked);
}
