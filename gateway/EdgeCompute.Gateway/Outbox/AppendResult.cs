namespace EdgeCompute.Gateway.Outbox;

/// <summary>The result of an append.</summary>
/// <param name="Outcome">What happened.</param>
public readonly record struct AppendResult(AppendOutcome Outcome)
{
    /// <summary>Gets whether the item is durably in the outbox (stored now or before), so the device may be acknowledged.</summary>
    public bool IsDurable => Outcome is AppendOutcome.Stored or AppendOutcome.Duplicate;
}
