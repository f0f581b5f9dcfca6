using System.Data.Common;
using Npgsql;

namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>
/// A batch's insert-or-nothing of its frames, returning for each frame whether this insert stored it: under PostgreSQL
/// one statement over array parameters (<c>unnest</c>, <c>RETURNING</c> the keys stored; the first of two frames with one
/// key in a batch is the one stored, as with one insert per frame); under SQLite one prepared insert re-executed per frame.
/// </summary>
internal static class FrameInserts
{
    private const string Columns = "device, boot, seq, hash, type, window_start_ms, readings, gateway, batch_boot, batch_seq";

    private const string ArraySql =
        $"INSERT INTO telemetry_frames ({Columns}) SELECT * FROM unnest(@a::text[], @b::bigint[], @c::bigint[], @h::bytea[], @y::bigint[], @w::bigint[], @r::bigint[], " +
        "@g::text[], @gb::bigint[], @gs::bigint[]) ON CONFLICT DO NOTHING RETURNING device, boot, seq";

    public static async Task<int[]> InsertAsync(DbConnection connection, DbTransaction transaction, TelemetryBatch batch, CancellationToken cancellationToken)
    {
        var frames = batch.Frames;
        if (connection is not NpgsqlConnection || frames.Count == 0)
        {
            return await DbRows.ExecuteEachAsync(connection, transaction,
                $"INSERT INTO telemetry_frames ({Columns}) VALUES (@a, @b, @c, @h, @y, @w, @r, @g, @gb, @gs) ON CONFLICT DO NOTHING",
                frames.Select(frame => new (string, object?)[]
                {
                    ("a", frame.DeviceId), ("b", (long)frame.Boot), ("c", (long)frame.Seq), ("h", frame.Hash.ToArray()), ("y", (long)frame.FrameType),
                    ("w", frame.WindowStartMs), ("r", frame.Readings), ("g", batch.GatewayId), ("gb", (long)batch.Boot), ("gs", unchecked((long)batch.Seq)),
                }), cancellationToken).ConfigureAwait(false);
        }

        await using var command = DbRows.Command(connection, transaction, ArraySql,
            ("a", frames.Select(f => f.DeviceId).ToArray()), ("b", frames.Select(f => (long)f.Boot).ToArray()), ("c", frames.Select(f => (long)f.Seq).ToArray()),
            ("h", frames.Select(f => f.Hash.ToArray()).ToArray()), ("y", frames.Select(f => (long)f.FrameType).ToArray()),
            ("w", frames.Select(f => f.WindowStartMs).ToArray()), ("r", frames.Select(f => (long)f.Readings).ToArray()),
            ("g", frames.Select(_ => batch.GatewayId).ToArray()), ("gb", frames.Select(_ => (long)batch.Boot).ToArray()),
            ("gs", frames.Select(_ => unchecked((long)batch.Seq)).ToArray()));
        var stored = new HashSet<(string, long, long)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stored.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        var inserted = new int[frames.Count];
        for (var i = 0; i < frames.Count; i++)
        {
            // Remove, so a second frame with the same key counts as not inserted and is classified by the stored hash.
            inserted[i] = stored.Remove((frames[i].DeviceId, (long)frames[i].Boot, (long)frames[i].Seq)) ? 1 : 0;
        }

        return inserted;
    }
}
