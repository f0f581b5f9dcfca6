namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>Why a result got its <see cref="VerificationStatus"/>.</summary>
public enum VerificationReasonCode
{
    /// <summary>Valid: its canonical output is the one the quorum agreed on.</summary>
    AgreedWithQuorum = 0,

    /// <summary>Invalid: a quorum agreed on a different output.</summary>
    OutvotedByQuorum,

    /// <summary>Pending: not enough replicas have answered yet.</summary>
    AwaitingReplicas,

    /// <summary>Pending: the issued replicas can no longer reach the quorum; issue more.</summary>
    QuorumImpossible,

    /// <summary>Pending: two outputs tie at or above the quorum; one more replica breaks the tie.</summary>
    QuorumConflict,

    /// <summary>Valid: a trusted node's result, accepted without a check (adaptive replication).</summary>
    TrustedUnchecked,

    /// <summary>Pending: the node is not trusted, so its result needs replication.</summary>
    NodeNotTrusted,

    /// <summary>Valid: the proof-of-work nonce is in range, its digest recomputes and meets the difficulty.</summary>
    PowVerified,

    /// <summary>Invalid: the reported digest is not SHA-256(prefix || u64be(nonce)).</summary>
    DigestMismatch,

    /// <summary>Invalid: the digest has fewer leading zero bits than the difficulty.</summary>
    InsufficientZeroBits,

    /// <summary>Invalid: the nonce is outside the assigned range.</summary>
    NonceOutOfRange,

    /// <summary>Invalid: the ops reported are not what the kernel uses for the reported output.</summary>
    OpsMismatch,

    /// <summary>Valid: "not found" confirmed by re-executing the range.</summary>
    NotFoundConfirmed,

    /// <summary>Invalid: re-executing the range found a nonce the device said was not there.</summary>
    NotFoundRefuted,

    /// <summary>Valid: "not found" accepted without a check, as the job's policy allows.</summary>
    NotFoundAccepted,

    /// <summary>Pending: "not found" is decided by replication under the job's policy.</summary>
    NotFoundNeedsReplication,

    /// <summary>Valid: the coordinator's re-execution produced the same status, ops and output.</summary>
    ReExecutionMatched,

    /// <summary>Invalid: the coordinator's re-execution produced something else.</summary>
    ReExecutionMismatch,

    /// <summary>Valid: not drawn for re-execution at the job's sampling rate; accepted as reported.</summary>
    AcceptedUnsampled,

    /// <summary>Pending: drawn for re-execution but nothing here can re-execute this kernel (e.g. a WASM module).</summary>
    NoReExecutor,

    /// <summary>Invalid: the result names another kernel than the assignment.</summary>
    KernelMismatch,

    /// <summary>Invalid: the output's shape belongs to another kernel.</summary>
    OutputDoesNotMatchKernel,

    /// <summary>Invalid: more ops reported than the assignment's op budget allows.</summary>
    OpsOverBudget,

    /// <summary>Not payable: the run ended without output (budget exceeded, bad params, unknown kernel, deadline).</summary>
    KernelNotCompleted,

    /// <summary>Not payable: the slot was reissued away from this device before it answered.</summary>
    LateAfterReissue,

    /// <summary>Not payable: the task was closed when the result arrived.</summary>
    TaskClosed,

    /// <summary>Not payable: the slot (or the device, within one task) has answered already.</summary>
    DuplicateResult,

    /// <summary>Not payable: the slot was not issued to this device.</summary>
    NotIssuedToDevice,

    /// <summary>
    /// Invalid (for reputation only; no result exists): the node's assignment passed its deadline without a result and
    /// was withdrawn to be reissued.
    /// </summary>
    DeadlineMissed,
}
