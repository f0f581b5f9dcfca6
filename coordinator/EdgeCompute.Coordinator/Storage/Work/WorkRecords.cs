using EdgeCompute.Coordinator.Domain.Work;

namespace EdgeCompute.Coordinator.Storage.Work;

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
/// <param name="ResultsOfVerifiedTasks">Results stored for the verified tasks, whatever their verdict: over <paramref name="TasksVerified"/>, the replicas a verified task cost.</param>
public sealed record WorkStats(long JobsRunning, long JobsCompleted, long JobsFailed, long TasksIssued, long TasksVerified, long ResultsRejected, long TasksReissued, long ResultsNotPaid,
    long ResultsOfVerifiedTasks);

/// <summary>A node's persisted reputation and adaptive-replication state.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="Alpha">Beta-distribution alpha (valid evidence plus prior).</param>
/// <param name="Beta">Beta-distribution beta (invalid evidence plus prior).</param>
/// <param name="UpdatedMs">When it was last updated (decay starts there).</param>
/// <param name="ValidRun">Checked valid results in a row (adaptive replication).</param>
/// <param name="Trusted">Whether adaptive replication trusts it.</param>
public sealed record NodeReputationRecord(string NodeId, double Alpha, double Beta, long UpdatedMs, int ValidRun, bool Trusted);

/// <summary>
/// Two nodes of different owners caught returning the same wrong answer (a detected colluding pair), kept so every replica
/// and every restart keeps them apart. Stored with <see cref="FirstNode"/> sorting first (ordinal).
/// </summary>
/// <param name="FirstNode">One node.</param>
/// <param name="SecondNode">The other.</param>
/// <param name="TaskId">The task that proved it.</param>
/// <param name="DetectedMs">When the verdicts committed.</param>
public sealed record ColludingPairRecord(string FirstNode, string SecondNode, string TaskId, long DetectedMs);
