namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>The result of a slot book operation other than admitting a result.</summary>
/// <param name="ReasonCode"><see cref="SlotReasonCode.Ok"/> when done, otherwise why not.</param>
public readonly record struct SlotResult(SlotReasonCode ReasonCode)
{
    /// <summary>Whether the operation was done.</summary>
    public bool IsSuccess => ReasonCode == SlotReasonCode.Ok;

    /// <summary>A successful operation.</summary>
    public static SlotResult Ok { get; } = new(SlotReasonCode.Ok);
}
