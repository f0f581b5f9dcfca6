namespace EdgeCompute.Coordinator.Domain.Epochs.Statements;

/// <summary>The result of checking one statement.</summary>
/// <param name="Reason">The reason code; <see cref="StatementVerificationReason.Valid"/> on success.</param>
/// <param name="Detail">What was found, for people.</param>
public sealed record StatementVerification(StatementVerificationReason Reason, string Detail)
{
    /// <summary>True when the statement is valid.</summary>
    public bool IsSuccess => Reason == StatementVerificationReason.Valid;
}
