using System.Data.Common;
using EdgeCompute.Coordinator.Domain.Work;

namespace EdgeCompute.Coordinator.Storage.Work;

/// <summary>
/// The SQL both work stores share (ADO.NET, <c>@name</c> parameters, <c>ON CONFLICT</c> as SQLite and PostgreSQL both
/// spell it). Every write is one transaction that commits only when it did everything it was asked, and rolls back
/// otherwise; the compare-and-set updates (<c>… WHERE status = open</c>) make a racing second writer see nothing to change.
/// </summary>
internal sealed partial class WorkJournal(WorkDatabase database)
{
    /// <summary>
    /// The cost units a priced job is charged for as it finishes (<c>@j</c> the job, <c>@fu</c> the units of a failure
    /// confirmed as its module's fault): every credited result of its tasks plus those; NULL for a job with a flat fee.
    /// Evaluated in the finishing statement, so it counts exactly the verdicts committed before the job stopped.
    /// </summary>
    private const string ChargedUnitsSql =
        "CASE WHEN price_rate IS NULL THEN NULL ELSE (SELECT COALESCE(SUM(r.cost_units), 0) FROM work_results r JOIN work_tasks t ON t.task_id = r.task_id " +
        "WHERE t.job_id = @j AND r.verdict = 2) + @fu END";

    private const string JobColumns = "job_id, kind, spec_json, submitter, fee, status, result_json, created_ms, finished_ms, detail, price_rate, price_storage, charged_units";
    private const string TaskColumns = "task_id, job_id, idx, kernel, parameters, status, output, verified_ms, attempts";
    private const string AssignmentColumns = "task_id, slot, node_id, gateway_id, owner, assignment, issued_ms, deadline_ms, state";
    private const string ResultColumns = "task_id, slot, node_id, gateway_id, owner, body, received_ms, verdict, reason, cost_units, verified_ms";

    // The statements the one-by-one and the batch forms share (same parameter names in both).
    private const string InsertResultSql =
        $"INSERT INTO work_results ({ResultColumns}) VALUES (@t, @s, @n, @g, @o, @b, @r, @v, @re, @c, @vm) ON CONFLICT (task_id, slot, node_id) DO NOTHING";
    private const string UpsertReputationSql =
        "INSERT INTO work_reputations (node_id, alpha, beta, updated_ms, valid_run, trusted) VALUES (@n, @a, @b, @u, @v, @tr) " +
        "ON CONFLICT (node_id) DO UPDATE SET alpha = excluded.alpha, beta = excluded.beta, updated_ms = excluded.updated_ms, " +
        "valid_run = excluded.valid_run, trusted = excluded.trusted";

    private const string MoveAssignmentSql = "UPDATE work_assignments SET state = @to WHERE task_id = @t AND slot = @s AND node_id = @n AND state = @from";
    private const string FinishTaskSql = "UPDATE work_tasks SET status = @st, output = @o, verified_ms = @v WHERE task_id = @t AND status = 1";
    private const string JudgeResultSql =
        "UPDATE work_results SET verdict = @v, reason = @re, cost_units = @c, verified_ms = @vm WHERE task_id = @t AND slot = @s AND node_id = @n AND verdict = 1";

    /// <summary>Runs <paramref name="work"/> in a write transaction; commits when it returns true, rolls back otherwise.</summary>
    private async Task<bool> WriteAsync(Func<DbConnection, DbTransaction, Task<bool>> work, CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        if (!await work(connection, transaction).ConfigureAwait(false))
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            return false;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Runs one query outside any transaction and maps its rows.</summary>
    private async Task<IReadOnlyList<T>> ReadAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var rows = new List<T>();
        await using var connection = await database.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private async Task<T?> ReadOneAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
        where T : class =>
        (await ReadAsync(sql, map, cancellationToken, parameters).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>Runs one statement and returns the rows it changed.</summary>
    private static Task<int> ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        DbRows.ExecuteAsync(connection, transaction, sql, cancellationToken, parameters);

    /// <summary>Builds a command with <c>@name</c> parameters (null becomes SQL NULL).</summary>
    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters) =>
        DbRows.Command(connection, transaction, sql, parameters);

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static long? NullableInt64(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    private static byte[]? NullableBytes(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : (byte[])reader.GetValue(ordinal);

    private static JobRecord MapJob(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4),
        (JobStatus)r.GetInt64(5), NullableString(r, 6), r.GetInt64(7), NullableInt64(r, 8), r.GetString(9))
    {
        PriceRate = NullableInt64(r, 10),
        PriceStorage = NullableInt64(r, 11),
        ChargedUnits = NullableInt64(r, 12),
    };

    private static TaskRecord MapTask(DbDataReader r) => new(r.GetString(0), r.GetString(1), checked((int)r.GetInt64(2)), r.GetString(3), (byte[])r.GetValue(4),
        (WorkTaskStatus)r.GetInt64(5), NullableBytes(r, 6), NullableInt64(r, 7), checked((int)r.GetInt64(8)));

    private static AssignmentRecord MapAssignment(DbDataReader r) => new(r.GetString(0), checked((uint)r.GetInt64(1)), r.GetString(2), r.GetString(3), r.GetString(4),
        (byte[])r.GetValue(5), r.GetInt64(6), r.GetInt64(7), (AssignmentState)r.GetInt64(8));

    private static ResultRecord MapResult(DbDataReader r) => new(r.GetString(0), checked((uint)r.GetInt64(1)), r.GetString(2), r.GetString(3), r.GetString(4),
        (byte[])r.GetValue(5), r.GetInt64(6), (ResultVerdict)r.GetInt64(7), r.GetString(8), r.GetInt64(9), NullableInt64(r, 10));
}
