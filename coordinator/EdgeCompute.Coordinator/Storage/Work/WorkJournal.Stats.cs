using System.Data.Common;
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
        ReadAsync("SELECT node_id, alpha, beta, updated_ms, valid_run, trusted FROM work_reputations WHERE alpha >= 0 ORDER BY node_id",
            r => new NodeReputationRecord(r.GetString(0), r.GetDouble(1), r.GetDouble(2), r.GetInt64(3), checked((int)r.GetInt64(4)), r.GetInt64(5) != 0),
            cancellationToken);

    /// <summary>Each node's valid and invalid results; a WHERE clause, if any, goes between the two halves.</summary>
    private static readonly (string Select, string Group) VerdictCountsSql =
        ($"SELECT node_id, SUM(CASE WHEN verdict = {(int)ResultVerdict.Valid} THEN 1 ELSE 0 END), SUM(CASE WHEN verdict = {(int)ResultVerdict.Invalid} THEN 1 ELSE 0 END) FROM work_results",
            " GROUP BY node_id ORDER BY node_id");

    public Task<IReadOnlyList<NodeVerdictCounts>> ReadNodeVerdictCountsAsync(CancellationToken cancellationToken) =>
        ReadAsync(VerdictCountsSql.Select + VerdictCountsSql.Group, ReadVerdictCounts, cancellationToken);

    public async Task<IReadOnlyList<NodeVerdictCounts>> ReadNodeVerdictCountsAsync(IReadOnlyCollection<string> nodeIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodeIds);
        var counts = new List<NodeVerdictCounts>();
        foreach (var chunk in nodeIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Chunk(500))
        {
            // work_results_node (node_id, verdict) answers this from the index alone.
            var names = chunk.Select((_, k) => $"@n{k}").ToArray();
            counts.AddRange(await ReadAsync(
                $"{VerdictCountsSql.Select} WHERE node_id IN ({string.Join(", ", names)}){VerdictCountsSql.Group}", ReadVerdictCounts,
                cancellationToken, [.. chunk.Select((id, k) => ($"n{k}", (object?)id))]).ConfigureAwait(false));
        }

        return counts;
    }

    public async Task<IReadOnlyList<NodeReputationRecord>> UpdateReputationsAsync(IReadOnlyCollection<string> nodeIds,
        Func<IReadOnlyDictionary<string, NodeReputationRecord>, IReadOnlyList<NodeReputationRecord>> update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodeIds);
        ArgumentNullException.ThrowIfNull(update);
        var ids = nodeIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var id in ids)
        {
            WorkArguments.Id(id, nameof(nodeIds));
        }

        IReadOnlyList<NodeReputationRecord> written = [];
        await WriteAsync(async (connection, transaction) =>
        {
            // PostgreSQL locks the nodes' rows (FOR UPDATE, in node order, as every replica takes them); SQLite's one writer
            // at a time needs nothing more. A node without a row gets a placeholder (alpha -1) first on PostgreSQL, so a
            // second replica recording the same new node waits for the first and then reads what it wrote.
            var locking = database.LockTaskSql is not null;
            var stored = await ReadReputationRowsAsync(connection, transaction, ids, locking, cancellationToken).ConfigureAwait(false);
            var missing = ids.Where(id => !stored.ContainsKey(id)).ToList();
            if (locking && missing.Count > 0)
            {
                await DbRows.ExecuteEachAsync(connection, transaction,
                    "INSERT INTO work_reputations (node_id, alpha, beta, updated_ms, valid_run, trusted) VALUES (@n, -1, -1, 0, 0, 0) ON CONFLICT (node_id) DO NOTHING",
                    missing.Select(id => new (string, object?)[] { ("n", id) }), cancellationToken).ConfigureAwait(false);
                foreach (var (id, record) in await ReadReputationRowsAsync(connection, transaction, missing, locking, cancellationToken).ConfigureAwait(false))
                {
                    stored[id] = record;
                }
            }

            var real = stored.Where(p => p.Value.Alpha >= 0).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            written = update(real);
            foreach (var reputation in written)
            {
                WorkArguments.Reputation(reputation);
            }

            await DbRows.ExecuteEachAsync(connection, transaction, UpsertReputationSql,
                written.Select(r => new (string, object?)[]
                {
                    ("n", r.NodeId), ("a", r.Alpha), ("b", r.Beta), ("u", r.UpdatedMs), ("v", (long)r.ValidRun), ("tr", r.Trusted ? 1L : 0L),
                }), cancellationToken).ConfigureAwait(false);
            var writtenIds = written.Select(r => r.NodeId).ToHashSet(StringComparer.Ordinal);
            var leftover = stored.Where(p => p.Value.Alpha < 0 && !writtenIds.Contains(p.Key)).Select(p => p.Key).ToList();
            await DbRows.ExecuteEachAsync(connection, transaction, "DELETE FROM work_reputations WHERE node_id = @n AND alpha < 0",
                leftover.Select(id => new (string, object?)[] { ("n", id) }), cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        return written;
    }

    private static NodeVerdictCounts ReadVerdictCounts(DbDataReader r) => new(r.GetString(0), r.GetInt64(1), r.GetInt64(2));

    /// <summary>The stored reputation rows of <paramref name="ids"/> (placeholders included), locked when <paramref name="locking"/>.</summary>
    private static async Task<Dictionary<string, NodeReputationRecord>> ReadReputationRowsAsync(DbConnection connection, DbTransaction transaction,
        IReadOnlyList<string> ids, bool locking, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, NodeReputationRecord>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(500))
        {
            var names = chunk.Select((_, k) => $"@n{k}").ToArray();
            await using var command = Command(connection, transaction,
                $"SELECT node_id, alpha, beta, updated_ms, valid_run, trusted FROM work_reputations WHERE node_id IN ({string.Join(", ", names)}) ORDER BY node_id" +
                (locking ? " FOR UPDATE" : ""),
                [.. chunk.Select((id, k) => ($"n{k}", (object?)id))]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows[reader.GetString(0)] = new NodeReputationRecord(reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetInt64(3),
                    checked((int)reader.GetInt64(4)), reader.GetInt64(5) != 0);
            }
        }

        return rows;
    }
}
