using EdgeCompute.Coordinator.Domain.Work;

namespace EdgeCompute.Coordinator.Storage.Work;

/// <summary>Assignments.</summary>
internal sealed partial class WorkJournal
{
    public Task<bool> InsertAssignmentAsync(AssignmentRecord assignment, CancellationToken cancellationToken)
    {
        WorkArguments.Assignment(assignment);
        return WriteAsync(async (connection, transaction) =>
        {
            // The attempt first: it locks the task row, so replicas issuing for one task take turns.
            if (await ExecuteAsync(connection, transaction, "UPDATE work_tasks SET attempts = attempts + 1 WHERE task_id = @t", cancellationToken,
                    ("t", assignment.TaskId)).ConfigureAwait(false) == 0)
            {
                throw new InvalidOperationException($"Task {assignment.TaskId} is not stored; an assignment needs its task.");
            }

            return await ExecuteAsync(connection, transaction,
                $"INSERT INTO work_assignments ({AssignmentColumns}) VALUES (@t, @s, @n, @g, @o, @a, @i, @d, @st) ON CONFLICT (task_id, slot, node_id) DO NOTHING",
                cancellationToken, ("t", assignment.TaskId), ("s", (long)assignment.Slot), ("n", assignment.NodeId), ("g", assignment.GatewayId),
                ("o", assignment.Owner), ("a", assignment.Assignment), ("i", assignment.IssuedMs), ("d", assignment.DeadlineMs),
                ("st", (long)assignment.State)).ConfigureAwait(false) == 1;
        }, cancellationToken);
    }

    public Task<AssignmentRecord?> FindAssignmentAsync(string taskId, uint slot, string nodeId, CancellationToken cancellationToken)
    {
        WorkArguments.Id(taskId, nameof(taskId));
        WorkArguments.Id(nodeId, nameof(nodeId));
        return ReadOneAsync($"SELECT {AssignmentColumns} FROM work_assignments WHERE task_id = @t AND slot = @s AND node_id = @n", MapAssignment, cancellationToken,
            ("t", taskId), ("s", (long)slot), ("n", nodeId));
    }

    public Task<IReadOnlyList<AssignmentRecord>> ReadAssignmentsAsync(string taskId, CancellationToken cancellationToken)
    {
        WorkArguments.Id(taskId, nameof(taskId));
        return ReadAsync($"SELECT {AssignmentColumns} FROM work_assignments WHERE task_id = @t ORDER BY slot, issued_ms, node_id", MapAssignment, cancellationToken,
            ("t", taskId));
    }

    public Task<IReadOnlyList<AssignmentRecord>> ReadOverdueAsync(long nowMs, int limit, CancellationToken cancellationToken)
    {
        WorkArguments.Limit(limit, nameof(limit));
        return ReadAsync($"SELECT {AssignmentColumns} FROM work_assignments WHERE state = 1 AND deadline_ms < @now ORDER BY deadline_ms, task_id, slot, node_id LIMIT @l",
            MapAssignment, cancellationToken, ("now", nowMs), ("l", (long)limit));
    }

    public Task<IReadOnlyList<AssignmentRecord>> ReadIssuedViaGatewayAsync(string gatewayId, int limit, CancellationToken cancellationToken)
    {
        WorkArguments.Id(gatewayId, nameof(gatewayId));
        WorkArguments.Limit(limit, nameof(limit));
        return ReadAsync($"SELECT {AssignmentColumns} FROM work_assignments WHERE state = 1 AND gateway_id = @g ORDER BY issued_ms, task_id, slot, node_id LIMIT @l",
            MapAssignment, cancellationToken, ("g", gatewayId), ("l", (long)limit));
    }

    public async Task<bool> GatewayHoldsBlobAsync(string gatewayId, string sha256, CancellationToken cancellationToken)
    {
        WorkArguments.Id(gatewayId, nameof(gatewayId));
        WorkArguments.Text(sha256, nameof(sha256));
        var rows = await ReadAsync(
            "SELECT 1 FROM work_task_blobs b JOIN work_assignments a ON a.task_id = b.task_id WHERE b.sha256 = @h AND a.gateway_id = @g AND a.state = 1 LIMIT 1",
            _ => true, cancellationToken, ("h", sha256), ("g", gatewayId)).ConfigureAwait(false);
        return rows.Count > 0;
    }

    public async Task<IReadOnlyDictionary<string, int>> CountIssuedAsync(CancellationToken cancellationToken)
    {
        var rows = await ReadAsync("SELECT node_id, COUNT(*) FROM work_assignments WHERE state = 1 GROUP BY node_id", r => (Node: r.GetString(0), Count: r.GetInt64(1)),
            cancellationToken).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Node, r => checked((int)r.Count), StringComparer.Ordinal);
    }

    public Task<bool> SetAssignmentStateAsync(string taskId, uint slot, string nodeId, AssignmentState from, AssignmentState to, CancellationToken cancellationToken)
    {
        WorkArguments.Id(taskId, nameof(taskId));
        WorkArguments.Id(nodeId, nameof(nodeId));
        WorkArguments.Defined(from, nameof(from));
        WorkArguments.Defined(to, nameof(to));
        return WriteAsync(async (connection, transaction) => await ExecuteAsync(connection, transaction,
            MoveAssignmentSql, cancellationToken,
            ("to", (long)to), ("t", taskId), ("s", (long)slot), ("n", nodeId), ("from", (long)from)).ConfigureAwait(false) == 1, cancellationToken);
    }
}
