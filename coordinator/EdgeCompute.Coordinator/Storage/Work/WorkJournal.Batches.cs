using System.Data.Common;
using EdgeCompute.Coordinator.Domain.Work;

namespace EdgeCompute.Coordinator.Storage.Work;

/// <summary>
/// The batch forms the result path uses: reads by many task ids, and writes of many rows in one transaction that
/// commits only when every row did what was expected (all-or-nothing; the caller falls back to the one-by-one forms).
/// </summary>
internal sealed partial class WorkJournal
{
    /// <summary>Task ids per <c>IN (…)</c> list: well under SQLite's and PostgreSQL's parameter limits.</summary>
    private const int InListSize = 500;

    public Task<IReadOnlyList<TaskRecord>> FindTasksAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken) =>
        ReadByTaskIdsAsync($"SELECT {TaskColumns} FROM work_tasks WHERE task_id IN ({{0}})", taskIds, MapTask, cancellationToken);

    public Task<IReadOnlyList<AssignmentRecord>> ReadAssignmentsAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken) =>
        ReadByTaskIdsAsync($"SELECT {AssignmentColumns} FROM work_assignments WHERE task_id IN ({{0}}) ORDER BY task_id, slot, issued_ms, node_id", taskIds,
            MapAssignment, cancellationToken);

    public Task<IReadOnlyList<ResultRecord>> ReadResultsAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken) =>
        ReadByTaskIdsAsync($"SELECT {ResultColumns} FROM work_results WHERE task_id IN ({{0}}) ORDER BY task_id, received_ms, {database.ReceivedOrder}", taskIds,
            MapResult, cancellationToken);

    public async Task<bool> HasOpenTasksAsync(string jobId, CancellationToken cancellationToken)
    {
        WorkArguments.Id(jobId, nameof(jobId));
        var rows = await ReadAsync("SELECT task_id FROM work_tasks WHERE job_id = @j AND status = 1 LIMIT 1", r => r.GetString(0), cancellationToken, ("j", jobId))
            .ConfigureAwait(false);
        return rows.Count > 0;
    }

    public async Task<IReadOnlyDictionary<string, TaskFingerprint>?> RecordResultsAsync(IReadOnlyList<ResultRecord> results, IReadOnlyList<AssignmentKey> answered,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(answered);
        foreach (var result in results)
        {
            WorkArguments.Result(result);
        }

        var fingerprints = new Dictionary<string, TaskFingerprint>(StringComparer.Ordinal);
        var taskIds = results.Select(r => r.TaskId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        try
        {
            var committed = await WriteAsync(async (connection, transaction) =>
            {
                fingerprints.Clear();
                if (database.HasArrays)
                {
                    // The tasks' rows first, in one order: a replica recording results of the same task waits for this
                    // commit, and its fingerprints then show these results (no two replicas each miss the other's replica).
                    await LockTasksAsync(connection, transaction, taskIds, cancellationToken).ConfigureAwait(false);
                    if (await InsertResultsAsync(connection, transaction, results, cancellationToken).ConfigureAwait(false) != results.Count
                        || (await MoveAssignmentsAsync(connection, transaction, answered, AssignmentState.Issued, AssignmentState.Answered, cancellationToken)
                            .ConfigureAwait(false)).Count != answered.Count)
                    {
                        return false; // one was recorded or moved meanwhile (by another replica): the caller takes them one by one
                    }

                    await ReadFingerprintsAsync(connection, transaction, taskIds, fingerprints, cancellationToken).ConfigureAwait(false);
                    return true;
                }

                if (database.LockTaskSql is { } lockTask)
                {
                    await DbRows.ExecuteEachAsync(connection, transaction, lockTask, taskIds.Select(t => new (string, object?)[] { ("t", t) }), cancellationToken)
                        .ConfigureAwait(false);
                }

                var inserted = await DbRows.ExecuteEachAsync(connection, transaction,
                    InsertResultSql,
                    results.Select(r => new (string, object?)[]
                    {
                        ("t", r.TaskId), ("s", (long)r.Slot), ("n", r.NodeId), ("g", r.GatewayId), ("o", r.Owner), ("b", r.Body), ("r", r.ReceivedMs),
                        ("v", (long)r.Verdict), ("re", r.Reason), ("c", r.CostUnits), ("vm", r.VerifiedMs),
                    }), cancellationToken).ConfigureAwait(false);
                if (inserted.Any(n => n != 1))
                {
                    return false; // one was recorded meanwhile (by another replica): the caller takes them one by one
                }

                var moved = await DbRows.ExecuteEachAsync(connection, transaction,
                    MoveAssignmentSql,
                    answered.Select(a => new (string, object?)[]
                    {
                        ("to", (long)AssignmentState.Answered), ("t", a.TaskId), ("s", (long)a.Slot), ("n", a.NodeId), ("from", (long)AssignmentState.Issued),
                    }), cancellationToken).ConfigureAwait(false);
                if (moved.Any(n => n != 1))
                {
                    return false;
                }

                await ReadFingerprintsAsync(connection, transaction, taskIds, fingerprints, cancellationToken).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
            return committed ? fingerprints : null;
        }
        catch (DbException e) when (database.IsForeignKeyViolation(e) || database.IsUniqueViolation(e))
        {
            return null; // rolled back; the one-by-one path reports the offending result
        }
    }

    public async Task<IReadOnlyList<AssignmentKey>?> JudgeManyAsync(IReadOnlyList<TaskJudgement> judgements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(judgements);
        foreach (var judgement in judgements)
        {
            ArgumentNullException.ThrowIfNull(judgement);
            WorkArguments.Judgement(judgement.Verdicts, judgement.Completion);
        }

        var closed = new List<AssignmentKey>();
        try
        {
            var committed = await WriteAsync(async (connection, transaction) =>
            {
                closed.Clear();
                if (database.HasArrays)
                {
                    // Task rows first, in one order: replicas judging overlapping tasks take turns instead of deadlocking.
                    await LockTasksAsync(connection, transaction, [.. judgements.Select(j => j.TaskId).Distinct(StringComparer.Ordinal)], cancellationToken)
                        .ConfigureAwait(false);
                    var completed = judgements.Where(j => j.Completion is not null).Select(j => j.Completion!).ToList();
                    var verdictList = judgements.SelectMany(j => j.Verdicts).ToList();
                    if (await FinishTasksAsync(connection, transaction, completed, cancellationToken).ConfigureAwait(false) != completed.Count
                        || await JudgeResultsAsync(connection, transaction, verdictList, cancellationToken).ConfigureAwait(false) != verdictList.Count)
                    {
                        return false; // decided or judged elsewhere meanwhile
                    }

                    var closeList = judgements.SelectMany(j => j.CloseIssued).ToList();
                    var moved = await MoveAssignmentsAsync(connection, transaction, closeList, AssignmentState.Issued, AssignmentState.Closed, cancellationToken)
                        .ConfigureAwait(false);
                    closed.AddRange(closeList.Where(moved.Contains));
                    return true;
                }

                if (database.LockTaskSql is { } lockTask)
                {
                    // Task rows first, in one order: replicas judging overlapping tasks take turns instead of deadlocking.
                    await DbRows.ExecuteEachAsync(connection, transaction, lockTask,
                        judgements.Select(j => j.TaskId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(t => new (string, object?)[] { ("t", t) }),
                        cancellationToken).ConfigureAwait(false);
                }

                var completions = judgements.Where(j => j.Completion is not null).Select(j => j.Completion!).ToList();
                var finished = await DbRows.ExecuteEachAsync(connection, transaction,
                    FinishTaskSql,
                    completions.Select(c => new (string, object?)[] { ("st", (long)c.Status), ("o", c.Output), ("v", c.VerifiedMs), ("t", c.TaskId) }),
                    cancellationToken).ConfigureAwait(false);
                if (finished.Any(n => n != 1))
                {
                    return false; // decided elsewhere meanwhile
                }

                var verdicts = judgements.SelectMany(j => j.Verdicts).ToList();
                var judged = await DbRows.ExecuteEachAsync(connection, transaction,
                    JudgeResultSql,
                    verdicts.Select(v => new (string, object?)[]
                    {
                        ("v", (long)v.Verdict), ("re", v.Reason), ("c", v.CostUnits), ("vm", v.VerifiedMs), ("t", v.TaskId), ("s", (long)v.Slot), ("n", v.NodeId),
                    }), cancellationToken).ConfigureAwait(false);
                if (judged.Any(n => n != 1))
                {
                    return false; // a result was judged meanwhile
                }

                var toClose = judgements.SelectMany(j => j.CloseIssued).ToList();
                var closing = await DbRows.ExecuteEachAsync(connection, transaction,
                    MoveAssignmentSql,
                    toClose.Select(a => new (string, object?)[]
                    {
                        ("to", (long)AssignmentState.Closed), ("t", a.TaskId), ("s", (long)a.Slot), ("n", a.NodeId), ("from", (long)AssignmentState.Issued),
                    }), cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < toClose.Count; i++)
                {
                    if (closing[i] == 1)
                    {
                        closed.Add(toClose[i]);
                    }
                }

                return true;
            }, cancellationToken).ConfigureAwait(false);
            return committed ? closed : null;
        }
        catch (DbException e) when (database.IsUniqueViolation(e))
        {
            return null; // a second valid result in a slot: rolled back, nothing of this judgement is stored
        }
    }

    public Task SaveReputationsAsync(IReadOnlyList<NodeReputationRecord> reputations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reputations);
        foreach (var reputation in reputations)
        {
            WorkArguments.Reputation(reputation);
        }

        return WriteAsync(async (connection, transaction) =>
        {
            await DbRows.ExecuteEachAsync(connection, transaction, UpsertReputationSql,
                reputations.Select(r => new (string, object?)[]
                {
                    ("n", r.NodeId), ("a", r.Alpha), ("b", r.Beta), ("u", r.UpdatedMs), ("v", (long)r.ValidRun), ("tr", r.Trusted ? 1L : 0L),
                }), cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>Runs a query once per chunk of task ids (<c>{0}</c> in <paramref name="sqlFormat"/> is the parameter list) and concatenates the rows.</summary>
    private async Task<IReadOnlyList<T>> ReadByTaskIdsAsync<T>(string sqlFormat, IReadOnlyCollection<string> taskIds, Func<DbDataReader, T> map,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskIds);
        var rows = new List<T>();
        foreach (var chunk in taskIds.Distinct(StringComparer.Ordinal).Chunk(InListSize))
        {
            foreach (var id in chunk)
            {
                WorkArguments.Id(id, nameof(taskIds));
            }

            var (names, parameters) = database.HasArrays ? ("SELECT unnest(@ids::text[])", new[] { ("ids", (object?)chunk) }) : InList(chunk);
            rows.AddRange(await ReadAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, sqlFormat, names), map, cancellationToken, parameters)
                .ConfigureAwait(false));
        }

        return rows;
    }

    /// <summary>
    /// Each task's fingerprint as this transaction sees it: its status, and the count and verdict sum of its results and
    /// of its assignments' states, from one grouped pass over each table (not a subquery per task and count).
    /// </summary>
    private async Task ReadFingerprintsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> taskIds,
        Dictionary<string, TaskFingerprint> fingerprints, CancellationToken cancellationToken)
    {
        foreach (var chunk in taskIds.Chunk(InListSize))
        {
            var (names, parameters) = database.HasArrays ? ("SELECT unnest(@ids::text[])", new[] { ("ids", (object?)chunk) }) : InList(chunk);
            await using var command = Command(connection, transaction,
                "SELECT t.task_id, t.status, COALESCE(r.n, 0), COALESCE(r.v, 0), COALESCE(a.n, 0), COALESCE(a.v, 0) FROM work_tasks t " +
                $"LEFT JOIN (SELECT task_id, COUNT(*) AS n, SUM(verdict) AS v FROM work_results WHERE task_id IN ({names}) GROUP BY task_id) r ON r.task_id = t.task_id " +
                $"LEFT JOIN (SELECT task_id, COUNT(*) AS n, SUM(state) AS v FROM work_assignments WHERE task_id IN ({names}) GROUP BY task_id) a ON a.task_id = t.task_id " +
                $"WHERE t.task_id IN ({names})",
                parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                fingerprints[reader.GetString(0)] = new TaskFingerprint((WorkTaskStatus)reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                    reader.GetInt64(4), reader.GetInt64(5));
            }
        }
    }

    /// <summary>The parameter list <c>@i0, @i1, …</c> of an <c>IN (…)</c> and its values.</summary>
    private static (string Names, (string Name, object? Value)[] Parameters) InList(string[] ids)
    {
        var parameters = ids.Select((id, i) => ("i" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), (object?)id)).ToArray();
        return (string.Join(", ", parameters.Select(p => "@" + p.Item1)), parameters);
    }
}
