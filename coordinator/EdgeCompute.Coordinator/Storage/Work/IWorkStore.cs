using EdgeCompute.Coordinator.Domain.Work;

namespace EdgeCompute.Coordinator.Storage.Work;

/// <summary>
/// Durable work state: jobs, their tasks, every issued assignment (byte for byte: result MACs are checked against
/// them), every received result with its verdict, node reputations and detected colluding pairs. Two implementations,
/// SQLite and PostgreSQL, with the same behaviour. The rules that make retries and several coordinator replicas safe live here as
/// constraints: one job per id, one result per (task, slot, node), at most one <see cref="ResultVerdict.Valid"/> result
/// per (task, slot) — so a slot is credited at most once whatever the callers do.
/// </summary>
public interface IWorkStore : IWorkCreditReader, IAsyncDisposable
{
    /// <summary>Stores a new job with all its tasks in one transaction.</summary>
    /// <returns>False (and nothing stored) when a job with that id exists.</returns>
    Task<bool> InsertJobAsync(JobRecord job, IReadOnlyList<TaskRecord> tasks, CancellationToken cancellationToken = default);

    /// <summary>Reads one job, or null.</summary>
    Task<JobRecord?> FindJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Lists jobs newest first, optionally of one status, paged.</summary>
    Task<IReadOnlyList<JobRecord>> ListJobsAsync(JobStatus? status, int offset, int limit, CancellationToken cancellationToken = default);

    /// <summary>Moves a running job to completed or failed with its result, once.</summary>
    /// <returns>False when the job was not running (already finished by this or another replica): the caller must not settle its fee again.</returns>
    Task<bool> FinishJobAsync(string jobId, JobStatus status, string? resultJson, long finishedMs, string detail, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a running job to completed or failed with its result, once, fixing what a priced job is charged for: the
    /// cost units of its credited results plus <paramref name="faultUnits"/>, in the same statement.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="status">Completed or failed.</param>
    /// <param name="resultJson">The merged result, when completed.</param>
    /// <param name="finishedMs">When it finished.</param>
    /// <param name="detail">A line for people.</param>
    /// <param name="faultUnits">Cost units of failures confirmed as the module's own fault (a reproduced trap's fuel, per node that ran it).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>False when the job was not running.</returns>
    Task<bool> FinishJobAsync(string jobId, JobStatus status, string? resultJson, long finishedMs, string detail, long faultUnits, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels a running job in one transaction: the job becomes <see cref="JobStatus.Cancelled"/>, its open tasks
    /// <see cref="WorkTaskStatus.Cancelled"/> (so no task of it is verified afterwards, by any replica), and its issued
    /// assignments <see cref="AssignmentState.Closed"/>.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="finishedMs">When it was cancelled.</param>
    /// <param name="detail">A line for people.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>What changed, or null when the job is not running (unknown, finished or cancelled already).</returns>
    Task<JobCancellation?> CancelJobAsync(string jobId, long finishedMs, string detail, CancellationToken cancellationToken = default);

    /// <summary>Counts a job's verified tasks and all its tasks.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The two counts.</returns>
    Task<(int Verified, int Total)> CountVerifiedTasksAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Reads a job's tasks in index order.</summary>
    Task<IReadOnlyList<TaskRecord>> ReadTasksAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Reads one task, or null.</summary>
    Task<TaskRecord?> FindTaskAsync(string taskId, CancellationToken cancellationToken = default);

    /// <summary>Reads open tasks of running jobs, oldest job first then by index, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<TaskRecord>> ReadOpenTasksAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads open tasks of running jobs that come after task (<paramref name="jobId"/>, <paramref name="index"/>) in the
    /// order of <see cref="ReadOpenTasksAsync"/>, at most <paramref name="limit"/>: the scheduler's next window when more
    /// tasks are open than it takes per pass. The task itself need not be open any more.
    /// </summary>
    Task<IReadOnlyList<TaskRecord>> ReadOpenTasksAfterAsync(string jobId, int index, int limit, CancellationToken cancellationToken = default);

    /// <summary>Moves an open task to verified (with its output) or failed, once.</summary>
    /// <returns>False when the task was not open.</returns>
    Task<bool> FinishTaskAsync(string taskId, WorkTaskStatus status, byte[]? output, long verifiedMs, CancellationToken cancellationToken = default);

    /// <summary>Stores an issued assignment and adds one to its task's attempts, in one transaction.</summary>
    /// <returns>False when (task, slot, node) already has an assignment.</returns>
    Task<bool> InsertAssignmentAsync(AssignmentRecord assignment, CancellationToken cancellationToken = default);

    /// <summary>Reads the assignment issued for (task, slot, node), or null.</summary>
    Task<AssignmentRecord?> FindAssignmentAsync(string taskId, uint slot, string nodeId, CancellationToken cancellationToken = default);

    /// <summary>Reads every assignment of a task, by slot then issue time.</summary>
    Task<IReadOnlyList<AssignmentRecord>> ReadAssignmentsAsync(string taskId, CancellationToken cancellationToken = default);

    /// <summary>Reads assignments still <see cref="AssignmentState.Issued"/> whose deadline is before <paramref name="nowMs"/>, oldest deadline first.</summary>
    Task<IReadOnlyList<AssignmentRecord>> ReadOverdueAsync(long nowMs, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads assignments still <see cref="AssignmentState.Issued"/> that were sent through <paramref name="gatewayId"/> (to the
    /// gateway itself or to its devices), oldest first.
    /// </summary>
    Task<IReadOnlyList<AssignmentRecord>> ReadIssuedViaGatewayAsync(string gatewayId, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether <paramref name="gatewayId"/> holds an assignment still <see cref="AssignmentState.Issued"/> (sent to it or
    /// through it) of a task naming blob <paramref name="sha256"/> (<see cref="TaskRecord.BlobHashes"/>): one indexed query.
    /// </summary>
    Task<bool> GatewayHoldsBlobAsync(string gatewayId, string sha256, CancellationToken cancellationToken = default);

    /// <summary>Counts the assignments still <see cref="AssignmentState.Issued"/>, per node (nodes with none are left out).</summary>
    Task<IReadOnlyDictionary<string, int>> CountIssuedAsync(CancellationToken cancellationToken = default);

    /// <summary>Compare-and-set of an assignment's state.</summary>
    /// <returns>False when the assignment is missing or not in <paramref name="from"/>.</returns>
    Task<bool> SetAssignmentStateAsync(string taskId, uint slot, string nodeId, AssignmentState from, AssignmentState to, CancellationToken cancellationToken = default);

    /// <summary>Records a received result (verdict <see cref="ResultVerdict.Pending"/> or already decided).</summary>
    /// <returns>False when a result for (task, slot, node) is already recorded (a replay): nothing changes.</returns>
    Task<bool> InsertResultAsync(ResultRecord result, CancellationToken cancellationToken = default);

    /// <summary>Reads every result of a task, in received order.</summary>
    Task<IReadOnlyList<ResultRecord>> ReadResultsAsync(string taskId, CancellationToken cancellationToken = default);

    /// <summary>Sets the verdicts of several results of one task and, when <paramref name="task"/> is given, finishes the task — all in one transaction.</summary>
    /// <param name="verdicts">The verdicts to set (only on results still <see cref="ResultVerdict.Pending"/>).</param>
    /// <param name="task">The task to finish with them, or null.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <returns>
    /// False and nothing changed when the task was given and is no longer open, or when a <see cref="ResultVerdict.Valid"/>
    /// verdict would make a second valid result in one (task, slot).
    /// </returns>
    Task<bool> JudgeAsync(IReadOnlyList<ResultVerdictUpdate> verdicts, TaskCompletion? task, CancellationToken cancellationToken = default);

    /// <summary>Reads the tasks with these ids (those that exist), in no particular order.</summary>
    Task<IReadOnlyList<TaskRecord>> FindTasksAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken = default);

    /// <summary>Reads every assignment of these tasks, by task, then slot, then issue time.</summary>
    Task<IReadOnlyList<AssignmentRecord>> ReadAssignmentsAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken = default);

    /// <summary>Reads every result of these tasks, by task, then in received order.</summary>
    Task<IReadOnlyList<ResultRecord>> ReadResultsAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken = default);

    /// <summary>Whether the job has a task still open (an index probe: cheap however many tasks the job has).</summary>
    Task<bool> HasOpenTasksAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records many received results and moves their assignments from issued to answered, in one transaction that
    /// commits only if every result is new and every assignment was still issued.
    /// </summary>
    /// <returns>
    /// Each touched task's <see cref="TaskFingerprint"/> as committed (read inside the transaction, after the writes);
    /// or null and nothing changed when a result was already recorded or an assignment no longer issued (another writer
    /// got there first): the caller records them one by one.
    /// </returns>
    Task<IReadOnlyDictionary<string, TaskFingerprint>?> RecordResultsAsync(IReadOnlyList<ResultRecord> results, IReadOnlyList<AssignmentKey> answered,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Judges many tasks in one transaction: finishes the decided ones (each must still be open), sets the verdicts
    /// (each result must still be pending) and closes the listed assignments still issued.
    /// </summary>
    /// <returns>
    /// The assignments it closed; or null and nothing changed when a task was no longer open, a result no longer pending,
    /// or a valid verdict would make a second valid result in a slot — the caller judges those tasks one by one.
    /// </returns>
    Task<IReadOnlyList<AssignmentKey>?> JudgeManyAsync(IReadOnlyList<TaskJudgement> judgements, CancellationToken cancellationToken = default);

    /// <summary>Stores (insert or replace) many nodes' reputations in one transaction.</summary>
    Task SaveReputationsAsync(IReadOnlyList<NodeReputationRecord> reputations, CancellationToken cancellationToken = default);

    /// <summary>Totals, read from the store.</summary>
    Task<WorkStats> ReadStatsAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores (insert or replace) a node's reputation.</summary>
    Task SaveReputationAsync(NodeReputationRecord reputation, CancellationToken cancellationToken = default);

    /// <summary>Reads every stored reputation.</summary>
    Task<IReadOnlyList<NodeReputationRecord>> ReadReputationsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the stored reputations of <paramref name="nodeIds"/> and writes what <paramref name="update"/> makes of them,
    /// in one write transaction that holds the nodes' rows (PostgreSQL: locked; SQLite: one writer at a time), so two
    /// coordinator replicas recording results of one node take turns and neither overwrites the other's evidence.
    /// </summary>
    /// <param name="nodeIds">The nodes.</param>
    /// <param name="update">Given the stored records of those nodes that have one, returns the records to write.</param>
    /// <param name="cancellationToken">Cancels the transaction (nothing is written then).</param>
    /// <returns>The records written.</returns>
    Task<IReadOnlyList<NodeReputationRecord>> UpdateReputationsAsync(IReadOnlyCollection<string> nodeIds,
        Func<IReadOnlyDictionary<string, NodeReputationRecord>, IReadOnlyList<NodeReputationRecord>> update, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores detected colluding pairs (either order; a pair already stored keeps its first detection), in one transaction.
    /// </summary>
    /// <param name="pairs">The pairs.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many were new.</returns>
    Task<int> RecordColludingPairsAsync(IReadOnlyList<ColludingPairRecord> pairs, CancellationToken cancellationToken = default);

    /// <summary>Reads every detected colluding pair, first node sorting before the second, in that order.</summary>
    Task<IReadOnlyList<ColludingPairRecord>> ReadColludingPairsAsync(CancellationToken cancellationToken = default);

    /// <summary>Counts, per node with results, the results judged valid and judged wrong (one snapshot).</summary>
    Task<IReadOnlyList<NodeVerdictCounts>> ReadNodeVerdictCountsAsync(CancellationToken cancellationToken = default);
}
