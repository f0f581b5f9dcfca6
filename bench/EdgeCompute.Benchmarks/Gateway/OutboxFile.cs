using Microsoft.Data.Sqlite;

namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>Reads a closed outbox file directly (read-only), independent of the store's in-memory counters.</summary>
internal static class OutboxFile
{
    public static (long Frames, long Readings) CountFrames(string path)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), coalesce(sum(readings), 0) FROM items WHERE kind = 1";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
