using System.Data.Common;

namespace EdgeCompute.Coordinator.Storage.Work;

/// <summary>What <see cref="WorkJournal"/> needs from a database: connections, write transactions and its error codes.</summary>
internal abstract class WorkDatabase : IAsyncDisposable
{
    /// <summary>The expression that orders a task's results as received (a column of <c>work_results</c>).</summary>
    public abstract string ReceivedOrder { get; }

    /// <summary>
    /// A statement (parameter <c>@t</c>: a task id) that makes write transactions touching one task take turns, or null
    /// when every write transaction already excludes the others (SQLite's <c>BEGIN IMMEDIATE</c>).
    /// </summary>
    public abstract string? LockTaskSql { get; }

    /// <summary>
    /// Whether the batch writes and the reads by many task ids go as one set-based statement with array parameters
    /// (PostgreSQL: <c>unnest</c>, <c>= ANY</c>; one parse, one plan, one round trip) instead of one prepared
    /// statement re-executed per row and <c>IN (…)</c> lists (SQLite, in process, where a re-execution is cheap).
    /// </summary>
    public virtual bool HasArrays => false;

    /// <summary>Opens a connection ready for use.</summary>
    public abstract Task<DbConnection> ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Begins a write transaction (SQLite: <c>BEGIN IMMEDIATE</c>; PostgreSQL: read committed).</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Whether the error is a unique-constraint violation.</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>Whether the error is a foreign-key violation.</summary>
    public abstract bool IsForeignKeyViolation(DbException exception);

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();
}
