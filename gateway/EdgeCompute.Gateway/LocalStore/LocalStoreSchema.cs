using EdgeCompute.Protocol.Telemetry;
using Microsoft.Data.Sqlite;

namespace EdgeCompute.Gateway.LocalStore;

/// <summary>The local store's SQL: one row per (channel, window start, source), indexed for both query shapes.</summary>
internal static class LocalStoreSchema
{
    // auto_vacuum must be set before the first table exists; INCREMENTAL lets pruning hand pages back to the file.
    // The primary key is the duplicate rule and the (channel, time) index; a second index serves (source, time)
    // queries and a third finds the oldest windows for pruning.
    public const string Create = """
        PRAGMA auto_vacuum = INCREMENTAL;
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS windows (
            channel   TEXT    NOT NULL,
            start_ms  INTEGER NOT NULL,
            source    TEXT    NOT NULL,
            length_ms INTEGER NOT NULL,
            unit      TEXT    NOT NULL,
            exponent  INTEGER NOT NULL,
            count     INTEGER NOT NULL,
            min       INTEGER NOT NULL,
            max       INTEGER NOT NULL,
            mean      INTEGER NOT NULL,
            variance  INTEGER NOT NULL,
            PRIMARY KEY (channel, start_ms, source)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS windows_by_source ON windows (source, start_ms);
        CREATE INDEX IF NOT EXISTS windows_by_start ON windows (start_ms);
        """;

    public const string Insert = """
        INSERT OR IGNORE INTO windows (channel, start_ms, source, length_ms, unit, exponent, count, min, max, mean, variance)
        VALUES ($channel, $start, $source, $length, $unit, $exponent, $count, $min, $max, $mean, $variance);
        """;

    private const string Columns = "source, start_ms, length_ms, channel, unit, exponent, count, min, max, mean, variance";

    public const string QueryByChannel =
        $"SELECT {Columns} FROM windows WHERE channel = $channel AND start_ms >= $from AND start_ms < $to ORDER BY start_ms, source LIMIT $limit;";

    public const string QueryByChannelAndSource =
        $"SELECT {Columns} FROM windows WHERE channel = $channel AND source = $source AND start_ms >= $from AND start_ms < $to ORDER BY start_ms, source LIMIT $limit;";

    public const string DeleteBefore = "DELETE FROM windows WHERE start_ms < $cutoff;";

    public const string CountRows = "SELECT COUNT(*) FROM windows;";

    public const string DeleteOldest = """
        DELETE FROM windows WHERE (channel, start_ms, source) IN
            (SELECT channel, start_ms, source FROM windows ORDER BY start_ms LIMIT $count);
        """;

    private static readonly string[] _insertNames =
        ["$channel", "$start", "$source", "$length", "$unit", "$exponent", "$count", "$min", "$max", "$mean", "$variance"];

    public static SqliteParameter[] AddInsertParameters(SqliteCommand command) =>
        [.. _insertNames.Select(name => command.Parameters.Add(name, name is "$channel" or "$source" or "$unit" ? SqliteType.Text : SqliteType.Integer))];

    public static void Bind(SqliteParameter[] parameters, WindowSummary window, ChannelSummary channel)
    {
        parameters[0].Value = channel.Channel;
        parameters[1].Value = window.WindowStartMs;
        parameters[2].Value = window.SourceId;
        parameters[3].Value = window.WindowLengthMs;
        parameters[4].Value = channel.Unit;
        parameters[5].Value = channel.Exponent;
        parameters[6].Value = channel.Count;
        parameters[7].Value = channel.Min;
        parameters[8].Value = channel.Max;
        parameters[9].Value = channel.Mean;
        parameters[10].Value = channel.Variance;
    }

    public static StoredWindow Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1),
        reader.GetInt64(2),
        new ChannelSummary(
            reader.GetString(3),
            reader.GetString(4),
            reader.GetInt32(5),
            reader.GetInt64(6),
            reader.GetInt64(7),
            reader.GetInt64(8),
            reader.GetInt64(9),
            reader.GetInt64(10)));
}
