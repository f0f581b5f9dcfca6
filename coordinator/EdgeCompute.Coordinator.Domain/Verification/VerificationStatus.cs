namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>What verification concluded about one result.</summary>
public enum VerificationStatus
{
    /// <summary>Correct (or accepted by the job's policy): pay its cost units, credit the node.</summary>
    Valid = 0,

    /// <summary>Wrong: not paid, and the node is penalised.</summary>
    Invalid = 1,

    /// <summary>Not decided yet (quorum not reached, more replicas needed).</summary>
    Pending = 2,

    /// <summary>Recorded but never paid, without penalty (late, duplicate, unfinished run).</summary>
    NotPayable = 3,
}
