namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>How adaptive replication runs a node's next task.</summary>
public enum ReplicationMode
{
    /// <summary>The node is not trusted: replicate the task and verify by quorum (or re-execution).</summary>
    Replicate = 0,

    /// <summary>The node is trusted: it runs the task alone and its result is accepted unchecked.</summary>
    Alone = 1,

    /// <summary>The node is trusted but drawn for a spot check: verify this result as if it were untrusted.</summary>
    SpotCheck = 2,
}
