using EdgeCompute.Coordinator.Domain.Work;

namespace EdgeCompute.Coordinator.Storage.Work;

/// <summary>Totals and reputations.</summary>
internal sealed partial class WorkJournal
{
    public async Task<WorkStats> ReadStatsAsync(CancellationToken cancellationToken)
    {
        // One statement, so one snapshot under PostgreSQL.
        var rows = await ReadAsync(
            "SELECT (SELECT COUNT(*) FROM work_jobs WHERE status = 1), (SELECT COUNT(*) FROM work_jobs WHERE status = 2), " +
            "(SELECT COUNT(*) FROM work_jobs WHERE status = 3), (SELECT COUNT(*) FROM work_assignments), (SELECT COUNT(*) FROM work_tasks WHERE status = 2), " +
            "(SELECT COUNT(*) FROM work_results WHERE verdict = 3), (SELECT COUNT(*) FROM work_assignments WHERE state = 3), " +
            "(SELECT COUNT(*) FROM work_results WHERE verdict = 4), " +
            "(SELECT COUNT(*) FROM work_results r JOIN work_tasks t ON t.task_id = r.task_id WHERE t.status = 2)",
            r => new WorkStats(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), r.GetInt64(8)),
            cancellationToken).ConfigureAwait(false);
        return rows[0];
    }

    public Task SaveReputationAsync(NodeReputationRecord reputation, CancellationToken cancellationToken) => SaveReputationsAsync([reputation], cancellationToken);

    public Task<IReadOnlyList<NodeReputationRecord>> ReadReputationsAsync(CancellationToken cancellationToken) =>
        ReadAsync("SELECT node_id, alpha, beta, updated_ms, valid_run, trusted FROM work_reputations ORDER BY node_id",
            r => new NodeReputationRecord(r.GetString(0), r.GetDouble(1), r.GetDouble(2), r.GetInt64(3), checked((int)r.GetInt64(4)), r.GetInt64(5) != 0),
            cancellationToken);

    public Task<IReadOnlyList<NodeVerdictCounts>> ReadNodeVerdictCountsAsync(CancellationToken cancellationToken) =>
        ReadAsync(
            $"SELECT node_id, SUM(CASE WHEN verdict = {(int)ResultVerdict.Valid} THEN 1 ELSE 0 END), SUM(CASE WHEN verdict = {(int)ResultVerdict.Invalid} THEN 1 ELSE 0 END) " +
            "FROM work_results GROUP BY node_id ORDER BY node_id",
            r => new NodeVerdictCounts(r.GetString(0), r.GetInt64(1), r.GetInt64(2)),
            cancellationToken);
}
