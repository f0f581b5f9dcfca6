using System.Data.Common;
using EdgeCompute.Coordinator.Domain.Work;

namespace EdgeCompute.Coordinator.Storage.Work;

/// <summary>Cancelling a job.</summary>
internal sealed partial class WorkJournal
{
    public async Task<JobCancellation?> CancelJobAsync(string jobId, long finishedMs, string detail, CancellationToken cancellationToken)
    {
        WorkArguments.Id(jobId, nameof(jobId));
        WorkArguments.Text(detail, nameof(detail));
        JobCancellation? cancellation = null;
        await WriteAsync(async (connection, transaction) =>
        {
            cancellation = null;
            if (database.LockTaskSql is not null)
            {
                // The open tasks' rows first, in task id order like every judging transaction: a replica judging one of
                // them either commits before this (its verdict counts as before the cancel) or waits and then finds the
                // task cancelled (no verdict lands after it).
                await ExecuteAsync(connection, transaction,
                    "SELECT 1 FROM work_tasks WHERE job_id = @j AND status = 1 ORDER BY task_id FOR NO KEY UPDATE", cancellationToken, ("j", jobId)).ConfigureAwait(false);
            }

            if (await ExecuteAsync(connection, transaction,
                    $"UPDATE work_jobs SET status = @st, finished_ms = @fi, detail = @d, charged_units = {ChargedUnitsSql} WHERE job_id = @j AND status = 1", cancellationToken,
                    ("st", (long)JobStatus.Cancelled), ("fi", finishedMs), ("d", detail), ("j", jobId), ("fu", 0L)).ConfigureAwait(false) != 1)
            {
                return false;
            }

            await ExecuteAsync(connection, transaction, "UPDATE work_tasks SET status = @st WHERE job_id = @j AND status = 1", cancellationToken,
                ("st", (long)WorkTaskStatus.Cancelled), ("j", jobId)).ConfigureAwait(false);
            var closed = new List<AssignmentKey>();
            await using (var command = Command(connection, transaction,
                "SELECT a.task_id, a.slot, a.node_id FROM work_assignments a JOIN work_tasks t ON t.task_id = a.task_id WHERE t.job_id = @j AND a.state = @s " +
                "ORDER BY a.task_id, a.slot, a.node_id", ("j", jobId), ("s", (long)AssignmentState.Issued)))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    closed.Add(new AssignmentKey(reader.GetString(0), (uint)reader.GetInt64(1), reader.GetString(2)));
                }
            }

            await DbRows.ExecuteEachAsync(connection, transaction, MoveAssignmentSql,
                closed.Select(a => new (string, object?)[]
                {
                    ("to", (long)AssignmentState.Closed), ("t", a.TaskId), ("s", (long)a.Slot), ("n", a.NodeId), ("from", (long)AssignmentState.Issued),
                }), cancellationToken).ConfigureAwait(false);
            var (verified, total) = await CountTasksAsync(connection, transaction, jobId, cancellationToken).ConfigureAwait(false);
            cancellation = new JobCancellation(verified, total, closed);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        return cancellation;
    }

    public async Task<(int Verified, int Total)> CountVerifiedTasksAsync(string jobId, CancellationToken cancellationToken)
    {
        WorkArguments.Id(jobId, nameof(jobId));
        await using var connection = await database.ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await CountTasksAsync(connection, null, jobId, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(int Verified, int Total)> CountTasksAsync(DbConnection connection, DbTransaction? transaction, string jobId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "SELECT COALESCE(SUM(CASE WHEN status = @v THEN 1 ELSE 0 END), 0), COUNT(*) FROM work_tasks WHERE job_id = @j", ("v", (long)WorkTaskStatus.Verified), ("j", jobId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    }
}
