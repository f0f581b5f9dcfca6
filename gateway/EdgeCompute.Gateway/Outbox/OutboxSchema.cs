using Microsoft.Data.Sqlite;

namespace EdgeCompute.Gateway.Outbox;

/// <summary>The outbox tables. Items wait for a batch; a batch holds the exact sealed message and owns its items until an ack deletes both.</summary>
internal static class OutboxSchema
{
    public const int KindFrame = 1;
    public const int KindGatewayTelemetry = 2;
    public const int KindState = 3;
    public const int KindGap = 4;
    public const int KindTaskReturned = 5;
    public const int KindGatewayTaskResult = 6;

    private const string Tables = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS items (
            id INTEGER PRIMARY KEY,
            kind INTEGER NOT NULL,          -- batch item kind: 1 device frame, 2 gateway telemetry, 3 device state, 4 telemetry gap, 5 task returned, 6 gateway task result
            device TEXT NOT NULL,           -- empty for the gateway's own items (kinds 2 and 6)
            boot INTEGER,                   -- frame and gap: device boot
            seq INTEGER,                    -- frame: device seq; gap: first seq; task returned and gateway task result: replica slot
            last_seq INTEGER,               -- gap: last seq
            frame_type INTEGER,             -- frame: 1 summary, 2 raw, 3 result, 4 birth
            online INTEGER,                 -- state
            time_ms INTEGER,                -- state
            readings INTEGER NOT NULL DEFAULT 0, -- frame, gap and gateway telemetry: readings accounted for
            hash BLOB,                      -- frame: SHA-256 of the bytes
            payload BLOB,                   -- frame: the bytes as published; gateway telemetry: SenML pack; gateway task result: output
            size INTEGER NOT NULL,
            created_ms INTEGER NOT NULL,
            batch_boot INTEGER,
            batch_seq INTEGER,
            task TEXT,                      -- task returned and gateway task result: task id
            reason INTEGER,                 -- task returned: reason (1 offline, 2 deadline passed, 3 refused); gateway task result: status
            fuel INTEGER);                  -- gateway task result: fuel used (u64 stored as its two's-complement i64)
        CREATE UNIQUE INDEX IF NOT EXISTS items_frame_key ON items (device, boot, seq) WHERE kind = 1;
        CREATE INDEX IF NOT EXISTS items_pending ON items (id) WHERE batch_seq IS NULL;
        CREATE INDEX IF NOT EXISTS items_gap_end ON items (device, boot, last_seq) WHERE kind = 4;
        CREATE INDEX IF NOT EXISTS items_batch ON items (batch_boot, batch_seq) WHERE batch_seq IS NOT NULL;
        CREATE TABLE IF NOT EXISTS batches (
            boot INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            message BLOB NOT NULL,
            item_count INTEGER NOT NULL,
            size INTEGER NOT NULL,
            created_ms INTEGER NOT NULL,
            sent_ms INTEGER,
            attempts INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (boot, seq));
        -- pages held back for a full disk: deleted when SQLite reports it, so the next batch finds room (OutboxSession.OnDiskFull)
        CREATE TABLE IF NOT EXISTS reserve (id INTEGER PRIMARY KEY, filler BLOB NOT NULL);
        """;

    /// <summary>
    /// The page cache (KiB; SQLite's default is 2,000): a group commit touches a leaf page of the frame key's index per
    /// device in it, and with hundreds of devices those pages outgrow the default and are read back from the file.
    /// </summary>
    private const int CacheKiB = 16_384;

    public static void Apply(SqliteConnection connection, bool syncEveryCommit, int autoCheckpointPages)
    {
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, syncEveryCommit ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
        Execute(connection, $"PRAGMA wal_autocheckpoint={autoCheckpointPages};");
        Execute(connection, "PRAGMA busy_timeout=5000;");
        Execute(connection, $"PRAGMA cache_size=-{CacheKiB};");
        Execute(connection, Tables);
        AddTaskColumns(connection);
        AddFuelColumn(connection);
    }

    /// <summary>Outbox files made before gateway task results existed lack the fuel column; add it (nothing else changes).</summary>
    private static void AddFuelColumn(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('items') WHERE name = 'fuel'";
        if ((long)command.ExecuteScalar()! == 0)
        {
            Execute(connection, "ALTER TABLE items ADD COLUMN fuel INTEGER;");
        }
    }

    /// <summary>Outbox files made before task-returned items existed lack their two columns; add them (nothing else changes).</summary>
    private static void AddTaskColumns(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('items') WHERE name = 'task'";
        if ((long)command.ExecuteScalar()! == 0)
        {
            Execute(connection, "ALTER TABLE items ADD COLUMN task TEXT; ALTER TABLE items ADD COLUMN reason INTEGER;");
        }
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }
}
