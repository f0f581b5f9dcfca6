namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>Where a task's quorum stands.</summary>
public enum QuorumState
{
    /// <summary>One output has at least k agreeing replicas and more than any other: decided.</summary>
    Reached = 0,

    /// <summary>Not yet: the replicas still out can reach the quorum.</summary>
    Pending = 1,

    /// <summary>The replicas issued can no longer reach the quorum: issue more (see <see cref="QuorumDecision.AdditionalReplicasNeeded"/>).</summary>
    Impossible = 2,

    /// <summary>Two outputs tie at or above k: issue one more replica to break the tie.</summary>
    Conflict = 3,
}
