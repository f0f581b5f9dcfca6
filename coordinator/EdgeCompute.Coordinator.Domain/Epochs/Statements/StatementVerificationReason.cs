namespace EdgeCompute.Coordinator.Domain.Epochs.Statements;

/// <summary>Why a statement passed or failed <see cref="EpochStatementVerifier.Verify"/>.</summary>
public enum StatementVerificationReason
{
    /// <summary>Signature, root, totals and metrics all check out.</summary>
    Valid,

    /// <summary>A field has the wrong shape (hash or signature length, negative amount, bad owner id, end before start).</summary>
    Malformed,

    /// <summary>Lines are not in strictly ascending canonical owner order (or an owner repeats).</summary>
    NotCanonical,

    /// <summary>Lines do not sum to the total paid, or paid + carried ≠ pot, or emission + fees ≠ pot.</summary>
    TotalsMismatch,

    /// <summary>The Merkle root does not match the lines.</summary>
    MerkleRootMismatch,

    /// <summary>The metrics do not match the lines.</summary>
    MetricsMismatch,

    /// <summary>The signature does not verify with the coordinator key.</summary>
    BadSignature,
}
