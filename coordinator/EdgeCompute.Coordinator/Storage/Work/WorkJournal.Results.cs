using System.Data.Common;
using EdgeCompute.Coordinator.Domain.Work;

namespace EdgeCompute.Coordinator.Storage.Work;

/// <summary>Results, verdicts and the credits they make.</summary>
internal sealed partial class WorkJournal
{
    public async Task<bool> InsertResultAsync(ResultRecord result, CancellationToken cancellationToken)
    {
        WorkArguments.Result(result);
        try
        {
            return await WriteAsync(async (connection, transaction) => await ExecuteAsync(connection, transaction,
                InsertResultSql,
                cancellationToken, ("t", result.TaskId), ("s", (long)result.Slot), ("n", result.NodeId), ("g", result.GatewayId), ("o", result.Owner),
                ("b", result.Body), ("r", result.ReceivedMs), ("v", (long)result.Verdict), ("re", result.Reason), ("c", result.CostUnits),
                ("vm", result.VerifiedMs)).ConfigureAwait(false) == 1, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e) when (database.IsForeignKeyViolation(e))
        {
            throw new InvalidOperationException($"Task {result.TaskId} is not stored; a result needs its task.", e);
        }
        catch (DbException e) when (database.IsUniqueViolation(e))
        {
            throw new InvalidOperationException($"Slot {result.Slot} of task {result.TaskId} already has a valid result; record this one pending or not paid.", e);
        }
    }

    public Task<IReadOnlyList<ResultRecord>> ReadResultsAsync(string taskId, CancellationToken cancellationToken)
    {
        WorkArguments.Id(taskId, nameof(taskId));
        return ReadAsync($"SELECT {ResultColumns} FROM work_results WHERE task_id = @t ORDER BY received_ms, {database.ReceivedOrder}", MapResult, cancellationToken,
            ("t", taskId));
    }

    public async Task<bool> JudgeAsync(IReadOnlyList<ResultVerdictUpdate> verdicts, TaskCompletion? task, CancellationToken cancellationToken)
    {
        WorkArguments.Judgement(verdicts, task);
        try
        {
            return await WriteAsync(async (connection, transaction) =>
            {
                // The task first: under PostgreSQL its row lock makes replicas judging one task take turns (no deadlock over its results),
                // and when finishing it the later one finds it decided.
                if (task is null && verdicts.Count > 0 && database.LockTaskSql is { } lockTask)
                {
                    await ExecuteAsync(connection, transaction, lockTask, cancellationToken, ("t", verdicts[0].TaskId)).ConfigureAwait(false);
                }

                if (task is not null && !await FinishTaskAsync(connection, transaction, task.TaskId, task.Status, task.Output, task.VerifiedMs, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }

                foreach (var v in verdicts)
                {
                    // Results no longer pending keep their verdict; a second valid one in a slot violates results_one_valid (caught below).
                    await ExecuteAsync(connection, transaction,
                        JudgeResultSql,
                        cancellationToken, ("v", (long)v.Verdict), ("re", v.Reason), ("c", v.CostUnits), ("vm", v.VerifiedMs), ("t", v.TaskId), ("s", (long)v.Slot),
                        ("n", v.NodeId)).ConfigureAwait(false);
                }

                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e) when (database.IsUniqueViolation(e))
        {
            // The transaction was disposed, so rolled back: nothing of this judgement is stored.
            return false;
        }
    }

    public Task<IReadOnlyList<WorkCreditRecord>> ReadWorkCreditsAsync(long fromMs, long toMs, CancellationToken cancellationToken) =>
        ReadAsync("SELECT task_id, slot, node_id, owner, cost_units, verified_ms FROM work_results " +
            "WHERE verdict = 2 AND verified_ms >= @f AND verified_ms < @t ORDER BY verified_ms, task_id, slot",
            r => new WorkCreditRecord(r.GetString(0), checked((uint)r.GetInt64(1)), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetInt64(5)),
            cancellationToken, ("f", fromMs), ("t", toMs));
}
