namespace EdgeCompute.Coordinator.Storage.Work;

/// <summary>A job as stored.</summary>
/// <param name="JobId">The job id (protocol id rules).</param>
/// <param name="Kind">The job kind name (<c>pow</c>, <c>montecarlo-pi</c>, <c>primes</c>, <c>wasm-map</c>, <c>sensor-query</c>).</param>
/// <param name="SpecJson">The job spec as JSON (the domain's job spec codec).</param>
/// <param name="Submitter">The submitter's owner id (the account that paid the fee).</param>
/// <param name="Fee">The fee escrowed, in micro-units.</param>
/// <param name="Status">Where the job is.</param>
/// <param name="ResultJson">The merged result as JSON once completed; null before.</param>
/// <param name="CreatedMs">When it was accepted, ms since the Unix epoch.</param>
/// <param name="FinishedMs">When it completed or failed; null while running.</param>
/// <param name="Detail">A line for people (why it failed, what it found).</param>
public sealed record JobRecord(string JobId, string Kind, string SpecJson, string Submitter, long Fee, JobStatus Status, string? ResultJson, long CreatedMs, long? FinishedMs, string Detail);

/// <summary>Where a job is.</summary>
public enum JobStatus
{
    /// <summary>Accepted and funded; tasks are being issued, run and verified.</summary>
    Running = 1,

    /// <summary>Every task verified and the result merged; the fee went to the fee pool.</summary>
    Completed = 2,

    /// <summary>Given up (a task could not be verified within its attempts); the fee was refunded.</summary>
    Failed = 3,
}

/// <summary>One task of a job: the unit that is replicated into slots and verified.</summary>
/// <param name="TaskId">The task id (protocol id rules, e.g. <c>{job}.{index}</c>).</param>
/// <param name="JobId">Its job.</param>
/// <param name="Index">Its position in the job (0-based), the order outputs are merged in.</param>
/// <param name="Kernel">The kernel name (<c>pow.sha256</c>, …, or <c>wasm</c> for a gateway task).</param>
/// <param name="Parameters">The encoded kernel parameters (the protocol's kernel-parameter CBOR, as carried in an assignment).</param>
/// <param name="Status">Where the task is.</param>
/// <param name="Output">The verified output (canonical CBOR of the accepted result) once verified; null before.</param>
/// <param name="VerifiedMs">When its verification committed; null before.</param>
/// <param name="Attempts">Slots issued so far (first issues and reissues).</param>
public sealed record TaskRecord(string TaskId, string JobId, int Index, string Kernel, byte[] Parameters, WorkTaskStatus Status, byte[]? Output, long? VerifiedMs, int Attempts);

/// <summary>Where a task is.</summary>
public enum WorkTaskStatus
{
    /// <summary>Waiting for slots to be issued or answered.</summary>
    Open = 1,

    /// <summary>Verified: its output is final.</summary>
    Verified = 2,

    /// <summary>Given up after too many attempts.</summary>
    Failed = 3,
}

/// <summary>
/// One issued assignment: the exact bytes the coordinator sent for (task, slot, node). The result MAC of a device covers
/// the SHA-256 of <see cref="Assignment"/>, so these bytes are what a result is verified against.
/// </summary>
/// <param name="TaskId">The task.</param>
/// <param name="Slot">The replica slot.</param>
/// <param name="NodeId">The device (or, for a gateway task, the gateway) that must run it.</param>
/// <param name="GatewayId">The gateway it was sent through.</param>
/// <param name="Owner">The node's owner when issued (replica diversity and crediting).</param>
/// <param name="Assignment">The task assignment bytes, exactly as sent.</param>
/// <param name="IssuedMs">When it was issued.</param>
/// <param name="DeadlineMs">Its deadline.</param>
/// <param name="State">Where it is.</param>
public sealed record AssignmentRecord(string TaskId, uint Slot, string NodeId, string GatewayId, string Owner, byte[] Assignment, long IssuedMs, long DeadlineMs, AssignmentState State);

/// <summary>Where an assignment is.</summary>
public enum AssignmentState
{
    /// <summary>Sent; waiting for the result.</summary>
    Issued = 1,

    /// <summary>A result arrived for it.</summary>
    Answered = 2,

    /// <summary>Handed back by its gateway, or past its deadline: the slot is (or will be) reissued to another node.</summary>
    Withdrawn = 3,

    /// <summary>Its task was decided before it answered; a result for it is recorded and not paid.</summary>
    Closed = 4,
}

/// <summary>A result as received and, once decided, judged.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Slot">The replica slot.</param>
/// <param name="NodeId">The device or gateway that sent it.</param>
/// <param name="GatewayId">The gateway that forwarded it.</param>
/// <param name="Owner">The node's owner (who is credited).</param>
/// <param name="Body">The result body bytes (device: the result frame body; gateway: the canonical encoding of its item).</param>
/// <param name="ReceivedMs">When its batch was committed.</param>
/// <param name="Verdict">The verification verdict.</param>
/// <param name="Reason">The verification reason code name (for people and the API).</param>
/// <param name="CostUnits">Cost units credited when valid (kernel ops or WASM fuel); 0 otherwise.</param>
/// <param name="VerifiedMs">When the verdict committed; null while pending.</param>
public sealed record ResultRecord(string TaskId, uint Slot, string NodeId, string GatewayId, string Owner, byte[] Body, long ReceivedMs, ResultVerdict Verdict, string Reason, long CostUnits, long? VerifiedMs);

/// <summary>A result's verdict.</summary>
public enum ResultVerdict
{
    /// <summary>Waiting for other replicas or a check.</summary>
    Pending = 1,

    /// <summary>Valid and credited (at most one credited result per task slot).</summary>
    Valid = 2,

    /// <summary>Wrong (disagreed with the quorum, failed a check, bad MAC); penalised.</summary>
    Invalid = 3,

    /// <summary>Recorded but not paid: it came after its slot was withdrawn or its task was decided, or duplicated a paid slot.</summary>
    NotPaid = 4,
}

/// <summary>Verified work credited to an owner: the input of an epoch's work rewards.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Slot">The slot.</param>
/// <param name="NodeId">The node that did it.</param>
/// <param name="Owner">Its owner.</param>
/// <param name="CostUnits">Cost units.</param>
/// <param name="VerifiedMs">When its verification committed.</param>
public sealed record WorkCreditRecord(string TaskId, uint Slot, string NodeId, string Owner, long CostUnits, long VerifiedMs);

/// <summary>Totals read from the store, so every replica reports the same.</summary>
/// <param name="JobsRunning">Jobs running.</param>
/// <param name="JobsCompleted">Jobs completed.</param>
/// <param name="JobsFailed">Jobs failed.</param>
/// <param name="TasksIssued">Assignments issued (first issues and reissues).</param>
/// <param name="TasksVerified">Tasks verified.</param>
/// <param name="ResultsRejected">Results judged invalid.</param>
/// <param name="TasksReissued">Assignments withdrawn and issued again.</param>
/// <param name="ResultsNotPaid">Results recorded but not paid (late, after reissue, duplicate slot).</param>
public sealed record WorkStats(long JobsRunning, long JobsCompleted, long JobsFailed, long TasksIssued, long TasksVerified, long ResultsRejected, long TasksReissued, long ResultsNotPaid);

/// <summary>A node's persisted reputation and adaptive-replication state.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="Alpha">Beta-distribution alpha (valid evidence plus prior).</param>
/// <param name="Beta">Beta-distribution beta (invalid evidence plus prior).</param>
/// <param name="UpdatedMs">When it was last updated (decay starts there).</param>
/// <param name="ValidRun">Checked valid results in a row (adaptive replication).</param>
/// <param name="Trusted">Whether adaptive replication trusts it.</param>
public sealed record NodeReputationRecord(string NodeId, double Alpha, double Beta, long UpdatedMs, int ValidRun, bool Trusted);
