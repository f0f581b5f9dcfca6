using EdgeCompute.Protocol.Frames;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EdgeCompute.Gateway.Outbox;

/// <summary>
/// The two statements every device frame append runs (look up the key's stored hash, insert the row), prepared once on
/// the outbox connection and reset after each use. They run on SQLite's own statements rather than
/// <see cref="SqliteCommand"/>: a frame then costs no command, parameter, binder or reader object, and its id, hash and
/// bytes are bound straight from the caller's memory (SQLite copies them). They run inside the session's open
/// transaction, like every other statement on the connection; errors surface as the <see cref="SqliteException"/> a
/// command would throw (the writer's full-disk handling reads its code). Used only on the outbox's writer thread.
/// </summary>
internal sealed class FrameAppendCommands : IDisposable
{
    private const string FindSql = "SELECT hash FROM items WHERE kind = 1 AND device = ?1 AND boot = ?2 AND seq = ?3";
    private const string InsertSql =
        "INSERT INTO items (kind, device, boot, seq, frame_type, readings, hash, payload, size, created_ms) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _find;
    private readonly sqlite3_stmt _insert;

    public FrameAppendCommands(SqliteConnection connection)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the outbox connection is not open");
        _find = Prepare(FindSql);
        _insert = Prepare(InsertSql);
    }

    /// <summary>
    /// The SHA-256 stored under the frame's key, or null when the key is new (the usual case, which allocates nothing).
    /// </summary>
    public byte[]? StoredHash(DeviceFrame frame)
    {
        try
        {
            Check(raw.sqlite3_bind_text16(_find, 1, frame.DeviceId.AsSpan()));
            Check(raw.sqlite3_bind_int64(_find, 2, frame.Boot));
            Check(raw.sqlite3_bind_int64(_find, 3, frame.Seq));
            var rc = raw.sqlite3_step(_find);
            if (rc == raw.SQLITE_DONE)
            {
                return null;
            }

            Check(rc == raw.SQLITE_ROW ? raw.SQLITE_OK : rc);
            return raw.sqlite3_column_type(_find, 0) == raw.SQLITE_BLOB ? raw.sqlite3_column_blob(_find, 0).ToArray() : null;
        }
        finally
        {
            raw.sqlite3_reset(_find);
        }
    }

    /// <summary>Inserts the frame's row (item kind 1).</summary>
    public void Insert(DeviceFrame frame, ReadOnlySpan<byte> bytes, long readings, ReadOnlySpan<byte> hash, long size, long nowMs)
    {
        try
        {
            Check(raw.sqlite3_bind_text16(_insert, 1, frame.DeviceId.AsSpan()));
            Check(raw.sqlite3_bind_int64(_insert, 2, frame.Boot));
            Check(raw.sqlite3_bind_int64(_insert, 3, frame.Seq));
            Check(raw.sqlite3_bind_int64(_insert, 4, (long)frame.Type));
            Check(raw.sqlite3_bind_int64(_insert, 5, readings));
            Check(raw.sqlite3_bind_blob(_insert, 6, hash));
            Check(raw.sqlite3_bind_blob(_insert, 7, bytes));
            Check(raw.sqlite3_bind_int64(_insert, 8, size));
            Check(raw.sqlite3_bind_int64(_insert, 9, nowMs));
            var rc = raw.sqlite3_step(_insert);
            Check(rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc);
        }
        finally
        {
            raw.sqlite3_reset(_insert);
            raw.sqlite3_clear_bindings(_insert);
        }
    }

    public void Dispose()
    {
        _find.Dispose();
        _insert.Dispose();
    }

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v2(_db, sql, out var statement));
        return statement;
    }

    private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, _db);
}
