namespace EdgeCompute.Client.Proofs;

/// <summary>Why an owner-side payout check passed or failed.</summary>
public enum PayoutProofReason
{
    /// <summary>Signed by the pinned key, and the owner's line is under the signed Merkle root.</summary>
    Valid,

    /// <summary>The pinned key is not an ECDSA P-256 SubjectPublicKeyInfo in base64.</summary>
    BadPinnedKey,

    /// <summary>The statement or proof is malformed (bad base64 or hex, truncated signed bytes, a proof of the wrong shape).</summary>
    Malformed,

    /// <summary>The signature does not verify with the pinned key over the signed bytes.</summary>
    SignatureInvalid,

    /// <summary>The signed bytes, the statement and the proof disagree on the epoch.</summary>
    EpochMismatch,

    /// <summary>The statement's or the proof's Merkle root is not the signed one.</summary>
    RootMismatch,

    /// <summary>The proof is for another owner, or for a tree of another size than the signed owner count.</summary>
    ProofMismatch,

    /// <summary>The owner's line does not hash up to the signed root through the proof's siblings.</summary>
    ProofInvalid,
}
