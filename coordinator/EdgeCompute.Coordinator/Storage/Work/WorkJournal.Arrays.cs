using System.Data.Common;
using EdgeCompute.Coordinator.Domain.Work;

namespace EdgeCompute.Coordinator.Storage.Work;

/// <summary>
/// The batch writes as set-based statements over array parameters, for databases that have them
/// (<see cref="WorkDatabase.HasArrays"/>): one statement per step instead of one per row, each checked by the rows it
/// changed as the per-row forms are, so the all-or-nothing rule of <see cref="RecordResultsAsync"/> and
/// <see cref="JudgeManyAsync"/> is the same.
/// </summary>
internal sealed partial class WorkJournal
{
    /// <summary>Locks the tasks' rows in task-id order (the sort runs below the lock), so writers of overlapping tasks take turns instead of deadlocking.</summary>
    private const string LockTasksArraySql = "SELECT 1 FROM work_tasks WHERE task_id = ANY(@ids) ORDER BY task_id FOR NO KEY UPDATE";

    private const string InsertResultsArraySql =
        $"INSERT INTO work_results ({ResultColumns}) SELECT * FROM unnest(@t::text[], @s::bigint[], @n::text[], @g::text[], @o::text[], @b::bytea[], @r::bigint[], " +
        "@v::bigint[], @re::text[], @c::bigint[], @vm::bigint[]) ON CONFLICT (task_id, slot, node_id) DO NOTHING";

    private const string MoveAssignmentsArraySql =
        "UPDATE work_assignments a SET state = @to FROM unnest(@t::text[], @s::bigint[], @n::text[]) AS u(t, s, n) " +
        "WHERE a.task_id = u.t AND a.slot = u.s AND a.node_id = u.n AND a.state = @from RETURNING a.task_id, a.slot, a.node_id";

    private const string FinishTasksArraySql =
        "UPDATE work_tasks w SET status = u.st, output = u.o, verified_ms = u.v FROM unnest(@st::bigint[], @o::bytea[], @v::bigint[], @t::text[]) AS u(st, o, v, t) " +
        "WHERE w.task_id = u.t AND w.status = 1";

    private const string JudgeResultsArraySql =
        "UPDATE work_results w SET verdict = u.v, reason = u.re, cost_units = u.c, verified_ms = u.vm " +
        "FROM unnest(@v::bigint[], @re::text[], @c::bigint[], @vm::bigint[], @t::text[], @s::bigint[], @n::text[]) AS u(v, re, c, vm, t, s, n) " +
        "WHERE w.task_id = u.t AND w.slot = u.s AND w.node_id = u.n AND w.verdict = 1";

    private static async Task LockTasksAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> taskIds, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, LockTasksArraySql, ("ids", taskIds.ToArray()));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> InsertResultsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ResultRecord> results, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, InsertResultsArraySql,
            ("t", results.Select(r => r.TaskId).ToArray()), ("s", results.Select(r => (long)r.Slot).ToArray()), ("n", results.Select(r => r.NodeId).ToArray()),
            ("g", results.Select(r => r.GatewayId).ToArray()), ("o", results.Select(r => r.Owner).ToArray()), ("b", results.Select(r => r.Body).ToArray()),
            ("r", results.Select(r => r.ReceivedMs).ToArray()), ("v", results.Select(r => (long)r.Verdict).ToArray()), ("re", results.Select(r => r.Reason).ToArray()),
            ("c", results.Select(r => r.CostUnits).ToArray()), ("vm", results.Select(r => r.VerifiedMs).ToArray()));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moves the assignments from one state to another; returns the keys it moved.</summary>
    private static async Task<HashSet<AssignmentKey>> MoveAssignmentsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AssignmentKey> keys,
        AssignmentState from, AssignmentState to, CancellationToken cancellationToken)
    {
        var moved = new HashSet<AssignmentKey>();
        if (keys.Count == 0)
        {
            return moved;
        }

        await using var command = Command(connection, transaction, MoveAssignmentsArraySql, ("to", (long)to), ("from", (long)from),
            ("t", keys.Select(k => k.TaskId).ToArray()), ("s", keys.Select(k => (long)k.Slot).ToArray()), ("n", keys.Select(k => k.NodeId).ToArray()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            moved.Add(new AssignmentKey(reader.GetString(0), checked((uint)reader.GetInt64(1)), reader.GetString(2)));
        }

        return moved;
    }

    private static async Task<int> FinishTasksAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<TaskCompletion> completions, CancellationToken cancellationToken)
    {
        if (completions.Count == 0)
        {
            return 0;
        }

        await using var command = Command(connection, transaction, FinishTasksArraySql,
            ("st", completions.Select(c => (long)c.Status).ToArray()), ("o", completions.Select(c => c.Output).ToArray()),
            ("v", completions.Select(c => c.VerifiedMs).ToArray()), ("t", completions.Select(c => c.TaskId).ToArray()));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> JudgeResultsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ResultVerdictUpdate> verdicts, CancellationToken cancellationToken)
    {
        if (verdicts.Count == 0)
        {
            return 0;
        }

        await using var command = Command(connection, transaction, JudgeResultsArraySql,
            ("v", verdicts.Select(v => (long)v.Verdict).ToArray()), ("re", verdicts.Select(v => v.Reason).ToArray()), ("c", verdicts.Select(v => v.CostUnits).ToArray()),
            ("vm", verdicts.Select(v => v.VerifiedMs).ToArray()), ("t", verdicts.Select(v => v.TaskId).ToArray()), ("s", verdicts.Select(v => (long)v.Slot).ToArray()),
            ("n", verdicts.Select(v => v.NodeId).ToArray()));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
