using EdgeCompute.Coordinator.Domain.Work;

namespace EdgeCompute.Coordinator.Storage.Work;

/// <summary>
/// The work store contract, run by the shared <see cref="WorkJournal"/> over one <see cref="WorkDatabase"/>; the SQLite
/// and PostgreSQL stores differ only in how they open it (<see cref="SqliteWorkStore"/>, <see cref="PostgresWorkStore"/>).
/// </summary>
public abstract class WorkStore : IWorkStore
{
    private readonly WorkDatabase _database;
    private readonly WorkJournal _journal;

    private protected WorkStore(WorkDatabase database)
    {
        _database = database;
        _journal = new WorkJournal(database);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return _database.DisposeAsync();
    }

    /// <inheritdoc />
    public Task<bool> InsertJobAsync(JobRecord job, IReadOnlyList<TaskRecord> tasks, CancellationToken cancellationToken = default) => _journal.InsertJobAsync(job, tasks, cancellationToken);

    /// <inheritdoc />
    public Task<JobRecord?> FindJobAsync(string jobId, CancellationToken cancellationToken = default) => _journal.FindJobAsync(jobId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<JobRecord>> ListJobsAsync(JobStatus? status, int offset, int limit, CancellationToken cancellationToken = default) =>
        _journal.ListJobsAsync(status, offset, limit, cancellationToken);

    /// <inheritdoc />
    public Task<bool> FinishJobAsync(string jobId, JobStatus status, string? resultJson, long finishedMs, string detail, CancellationToken cancellationToken = default) =>
        _journal.FinishJobAsync(jobId, status, resultJson, finishedMs, detail, 0, cancellationToken);

    /// <inheritdoc />
    public Task<bool> FinishJobAsync(string jobId, JobStatus status, string? resultJson, long finishedMs, string detail, long faultUnits, CancellationToken cancellationToken = default) =>
        _journal.FinishJobAsync(jobId, status, resultJson, finishedMs, detail, faultUnits, cancellationToken);

    /// <inheritdoc/>
    public Task<JobCancellation?> CancelJobAsync(string jobId, long finishedMs, string detail, CancellationToken cancellationToken = default) =>
        _journal.CancelJobAsync(jobId, finishedMs, detail, cancellationToken);

    /// <inheritdoc/>
    public Task<(int Verified, int Total)> CountVerifiedTasksAsync(string jobId, CancellationToken cancellationToken = default) =>
        _journal.CountVerifiedTasksAsync(jobId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TaskRecord>> ReadTasksAsync(string jobId, CancellationToken cancellationToken = default) => _journal.ReadTasksAsync(jobId, cancellationToken);

    /// <inheritdoc />
    public Task<TaskRecord?> FindTaskAsync(string taskId, CancellationToken cancellationToken = default) => _journal.FindTaskAsync(taskId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TaskRecord>> ReadOpenTasksAsync(int limit, CancellationToken cancellationToken = default) => _journal.ReadOpenTasksAsync(limit, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TaskRecord>> ReadOpenTasksAfterAsync(string jobId, int index, int limit, CancellationToken cancellationToken = default) =>
        _journal.ReadOpenTasksAfterAsync(jobId, index, limit, cancellationToken);

    /// <inheritdoc />
    public Task<bool> FinishTaskAsync(string taskId, WorkTaskStatus status, byte[]? output, long verifiedMs, CancellationToken cancellationToken = default) =>
        _journal.FinishTaskAsync(taskId, status, output, verifiedMs, cancellationToken);

    /// <inheritdoc />
    public Task<bool> InsertAssignmentAsync(AssignmentRecord assignment, CancellationToken cancellationToken = default) => _journal.InsertAssignmentAsync(assignment, cancellationToken);

    /// <inheritdoc />
    public Task<AssignmentRecord?> FindAssignmentAsync(string taskId, uint slot, string nodeId, CancellationToken cancellationToken = default) =>
        _journal.FindAssignmentAsync(taskId, slot, nodeId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AssignmentRecord>> ReadAssignmentsAsync(string taskId, CancellationToken cancellationToken = default) => _journal.ReadAssignmentsAsync(taskId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AssignmentRecord>> ReadOverdueAsync(long nowMs, int limit, CancellationToken cancellationToken = default) => _journal.ReadOverdueAsync(nowMs, limit, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AssignmentRecord>> ReadIssuedViaGatewayAsync(string gatewayId, int limit, CancellationToken cancellationToken = default) =>
        _journal.ReadIssuedViaGatewayAsync(gatewayId, limit, cancellationToken);

    /// <inheritdoc />
    public Task<bool> GatewayHoldsBlobAsync(string gatewayId, string sha256, CancellationToken cancellationToken = default) =>
        _journal.GatewayHoldsBlobAsync(gatewayId, sha256, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, int>> CountIssuedAsync(CancellationToken cancellationToken = default) => _journal.CountIssuedAsync(cancellationToken);

    /// <inheritdoc />
    public Task<bool> SetAssignmentStateAsync(string taskId, uint slot, string nodeId, AssignmentState from, AssignmentState to, CancellationToken cancellationToken = default) =>
        _journal.SetAssignmentStateAsync(taskId, slot, nodeId, from, to, cancellationToken);

    /// <inheritdoc />
    public Task<bool> InsertResultAsync(ResultRecord result, CancellationToken cancellationToken = default) => _journal.InsertResultAsync(result, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ResultRecord>> ReadResultsAsync(string taskId, CancellationToken cancellationToken = default) => _journal.ReadResultsAsync(taskId, cancellationToken);

    /// <inheritdoc />
    public Task<bool> JudgeAsync(IReadOnlyList<ResultVerdictUpdate> verdicts, TaskCompletion? task, CancellationToken cancellationToken = default) =>
        _journal.JudgeAsync(verdicts, task, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TaskRecord>> FindTasksAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken = default) =>
        _journal.FindTasksAsync(taskIds, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AssignmentRecord>> ReadAssignmentsAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken = default) =>
        _journal.ReadAssignmentsAsync(taskIds, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ResultRecord>> ReadResultsAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken = default) =>
        _journal.ReadResultsAsync(taskIds, cancellationToken);

    /// <inheritdoc />
    public Task<bool> HasOpenTasksAsync(string jobId, CancellationToken cancellationToken = default) => _journal.HasOpenTasksAsync(jobId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, TaskFingerprint>?> RecordResultsAsync(IReadOnlyList<ResultRecord> results, IReadOnlyList<AssignmentKey> answered,
        CancellationToken cancellationToken = default) =>
        _journal.RecordResultsAsync(results, answered, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AssignmentKey>?> JudgeManyAsync(IReadOnlyList<TaskJudgement> judgements, CancellationToken cancellationToken = default) =>
        _journal.JudgeManyAsync(judgements, cancellationToken);

    /// <inheritdoc />
    public Task SaveReputationsAsync(IReadOnlyList<NodeReputationRecord> reputations, CancellationToken cancellationToken = default) =>
        _journal.SaveReputationsAsync(reputations, cancellationToken);

    /// <inheritdoc />
    public Task<WorkStats> ReadStatsAsync(CancellationToken cancellationToken = default) => _journal.ReadStatsAsync(cancellationToken);

    /// <inheritdoc />
    public Task SaveReputationAsync(NodeReputationRecord reputation, CancellationToken cancellationToken = default) => _journal.SaveReputationAsync(reputation, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<NodeReputationRecord>> ReadReputationsAsync(CancellationToken cancellationToken = default) => _journal.ReadReputationsAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<NodeReputationRecord>> UpdateReputationsAsync(IReadOnlyCollection<string> nodeIds,
        Func<IReadOnlyDictionary<string, NodeReputationRecord>, IReadOnlyList<NodeReputationRecord>> update, CancellationToken cancellationToken = default) =>
        _journal.UpdateReputationsAsync(nodeIds, update, cancellationToken);

    /// <inheritdoc />
    public Task<int> RecordColludingPairsAsync(IReadOnlyList<ColludingPairRecord> pairs, CancellationToken cancellationToken = default) =>
        _journal.RecordColludingPairsAsync(pairs, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ColludingPairRecord>> ReadColludingPairsAsync(CancellationToken cancellationToken = default) =>
        _journal.ReadColludingPairsAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<NodeVerdictCounts>> ReadNodeVerdictCountsAsync(CancellationToken cancellationToken = default) =>
        _journal.ReadNodeVerdictCountsAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkCreditRecord>> ReadWorkCreditsAsync(long fromMs, long toMs, CancellationToken cancellationToken = default) =>
        _journal.ReadWorkCreditsAsync(fromMs, toMs, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<JobRecord>> ReadEndedJobsAsync(long fromMs, long toMs, CancellationToken cancellationToken = default) =>
        _journal.ReadEndedJobsAsync(fromMs, toMs, cancellationToken);
}
