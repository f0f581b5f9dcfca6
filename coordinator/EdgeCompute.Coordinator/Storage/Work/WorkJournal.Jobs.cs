using System.Data.Common;
using EdgeCompute.Coordinator.Domain.Work;

namespace EdgeCompute.Coordinator.Storage.Work;

/// <summary>Jobs and tasks.</summary>
internal sealed partial class WorkJournal
{
    public async Task<bool> InsertJobAsync(JobRecord job, IReadOnlyList<TaskRecord> tasks, CancellationToken cancellationToken)
    {
        WorkArguments.Job(job);
        WorkArguments.Tasks(job.JobId, tasks);
        try
        {
            return await InsertJobCoreAsync(job, tasks, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e) when (database.IsUniqueViolation(e))
        {
            throw new InvalidOperationException($"A task id of job {job.JobId} is already stored (by another job); nothing was stored.", e);
        }
    }

    private Task<bool> InsertJobCoreAsync(JobRecord job, IReadOnlyList<TaskRecord> tasks, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            // Insert-or-nothing first: under PostgreSQL a concurrent insert of the same id waits for the other's commit.
            if (await ExecuteAsync(connection, transaction,
                    $"INSERT INTO work_jobs ({JobColumns}) VALUES (@j, @k, @s, @u, @f, @st, @r, @c, @fi, @d, @pr, @ps, @cu) ON CONFLICT (job_id) DO NOTHING", cancellationToken,
                    ("j", job.JobId), ("k", job.Kind), ("s", job.SpecJson), ("u", job.Submitter), ("f", job.Fee), ("st", (long)job.Status), ("r", job.ResultJson),
                    ("c", job.CreatedMs), ("fi", job.FinishedMs), ("d", job.Detail), ("pr", job.PriceRate), ("ps", job.PriceStorage), ("cu", job.ChargedUnits))
                .ConfigureAwait(false) == 0)
            {
                return false;
            }

            foreach (var task in tasks)
            {
                await ExecuteAsync(connection, transaction, $"INSERT INTO work_tasks ({TaskColumns}) VALUES (@t, @j, @i, @k, @p, @st, @o, @v, @a)", cancellationToken,
                    ("t", task.TaskId), ("j", task.JobId), ("i", (long)task.Index), ("k", task.Kernel), ("p", task.Parameters), ("st", (long)task.Status),
                    ("o", task.Output), ("v", task.VerifiedMs), ("a", (long)task.Attempts)).ConfigureAwait(false);
                foreach (var hash in task.BlobHashes.Distinct(StringComparer.Ordinal))
                {
                    await ExecuteAsync(connection, transaction, "INSERT INTO work_task_blobs (sha256, task_id) VALUES (@h, @t)", cancellationToken,
                        ("h", hash), ("t", task.TaskId)).ConfigureAwait(false);
                }
            }

            return true;
        }, cancellationToken);

    public Task<JobRecord?> FindJobAsync(string jobId, CancellationToken cancellationToken)
    {
        WorkArguments.Id(jobId, nameof(jobId));
        return ReadOneAsync($"SELECT {JobColumns} FROM work_jobs WHERE job_id = @j", MapJob, cancellationToken, ("j", jobId));
    }

    public Task<IReadOnlyList<JobRecord>> ListJobsAsync(JobStatus? status, int offset, int limit, CancellationToken cancellationToken)
    {
        WorkArguments.Limit(offset, nameof(offset));
        WorkArguments.Limit(limit, nameof(limit));
        if (status is { } s) WorkArguments.Defined(s, nameof(status));
        const string Order = "ORDER BY created_ms DESC, job_id DESC LIMIT @n OFFSET @o";
        return status is null
            ? ReadAsync($"SELECT {JobColumns} FROM work_jobs {Order}", MapJob, cancellationToken, ("n", (long)limit), ("o", (long)offset))
            : ReadAsync($"SELECT {JobColumns} FROM work_jobs WHERE status = @st {Order}", MapJob, cancellationToken,
                ("st", (long)status), ("n", (long)limit), ("o", (long)offset));
    }

    public Task<bool> FinishJobAsync(string jobId, JobStatus status, string? resultJson, long finishedMs, string detail, long faultUnits, CancellationToken cancellationToken)
    {
        WorkArguments.Id(jobId, nameof(jobId));
        WorkArguments.Text(detail, nameof(detail));
        ArgumentOutOfRangeException.ThrowIfNegative(faultUnits);
        if (status is not (JobStatus.Completed or JobStatus.Failed)) throw new ArgumentException("A job finishes completed or failed.", nameof(status));
        return WriteAsync(async (connection, transaction) => await ExecuteAsync(connection, transaction,
            $"UPDATE work_jobs SET status = @st, result_json = @r, finished_ms = @fi, detail = @d, charged_units = {ChargedUnitsSql} WHERE job_id = @j AND status = 1",
            cancellationToken, ("st", (long)status), ("r", resultJson), ("fi", finishedMs), ("d", detail), ("j", jobId), ("fu", faultUnits)).ConfigureAwait(false) == 1,
            cancellationToken);
    }

    public Task<IReadOnlyList<TaskRecord>> ReadTasksAsync(string jobId, CancellationToken cancellationToken)
    {
        WorkArguments.Id(jobId, nameof(jobId));
        return ReadAsync($"SELECT {TaskColumns} FROM work_tasks WHERE job_id = @j ORDER BY idx", MapTask, cancellationToken, ("j", jobId));
    }

    public Task<TaskRecord?> FindTaskAsync(string taskId, CancellationToken cancellationToken)
    {
        WorkArguments.Id(taskId, nameof(taskId));
        return ReadOneAsync($"SELECT {TaskColumns} FROM work_tasks WHERE task_id = @t", MapTask, cancellationToken, ("t", taskId));
    }

    public Task<IReadOnlyList<TaskRecord>> ReadOpenTasksAsync(int limit, CancellationToken cancellationToken)
    {
        WorkArguments.Limit(limit, nameof(limit));
        return ReadAsync(
            "SELECT t.task_id, t.job_id, t.idx, t.kernel, t.parameters, t.status, t.output, t.verified_ms, t.attempts " +
            "FROM work_tasks t JOIN work_jobs j ON j.job_id = t.job_id WHERE t.status = 1 AND j.status = 1 " +
            "ORDER BY j.created_ms, j.job_id, t.idx LIMIT @n", MapTask, cancellationToken, ("n", (long)limit));
    }

    public Task<IReadOnlyList<TaskRecord>> ReadOpenTasksAfterAsync(string jobId, int index, int limit, CancellationToken cancellationToken)
    {
        WorkArguments.Id(jobId, nameof(jobId));
        WorkArguments.Limit(limit, nameof(limit));
        return ReadAsync(
            "SELECT t.task_id, t.job_id, t.idx, t.kernel, t.parameters, t.status, t.output, t.verified_ms, t.attempts " +
            "FROM work_tasks t JOIN work_jobs j ON j.job_id = t.job_id WHERE t.status = 1 AND j.status = 1 " +
            "AND (j.created_ms, j.job_id, t.idx) > ((SELECT c.created_ms FROM work_jobs c WHERE c.job_id = @cj), @cj, @ci) " +
            "ORDER BY j.created_ms, j.job_id, t.idx LIMIT @n", MapTask, cancellationToken, ("cj", jobId), ("ci", (long)index), ("n", (long)limit));
    }

    public Task<bool> FinishTaskAsync(string taskId, WorkTaskStatus status, byte[]? output, long verifiedMs, CancellationToken cancellationToken)
    {
        WorkArguments.Id(taskId, nameof(taskId));
        if (status is not (WorkTaskStatus.Verified or WorkTaskStatus.Failed)) throw new ArgumentException("A task finishes verified or failed.", nameof(status));
        return WriteAsync(async (connection, transaction) =>
            await FinishTaskAsync(connection, transaction, taskId, status, output, verifiedMs, cancellationToken).ConfigureAwait(false), cancellationToken);
    }

    public Task<IReadOnlyList<JobRecord>> ReadEndedJobsAsync(long fromMs, long toMs, CancellationToken cancellationToken) =>
        ReadAsync($"SELECT {JobColumns} FROM work_jobs WHERE status IN (2, 3, 4) AND finished_ms >= @f AND finished_ms < @t ORDER BY finished_ms, job_id",
            MapJob, cancellationToken, ("f", fromMs), ("t", toMs));

    /// <summary>The compare-and-set from open shared by <see cref="FinishTaskAsync(string, WorkTaskStatus, byte[], long, CancellationToken)"/> and judging.</summary>
    private static async Task<bool> FinishTaskAsync(DbConnection connection, DbTransaction transaction, string taskId,
        WorkTaskStatus status, byte[]? output, long verifiedMs, CancellationToken cancellationToken) =>
        await ExecuteAsync(connection, transaction, FinishTaskSql, cancellationToken,
            ("st", (long)status), ("o", output), ("v", verifiedMs), ("t", taskId)).ConfigureAwait(false) == 1;
}
