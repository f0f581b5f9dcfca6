using EdgeCompute.Protocol.Batches;

namespace EdgeCompute.Gateway.Outbox;

/// <summary>
/// Makes room in a full outbox: deletes the oldest telemetry still waiting for a batch (device window summaries and
/// raw samples, and the gateway's own window summaries, item kind 2; never results, births, states or gateway task
/// results), counts them, and records one gap item per run of consecutive seqs of one device boot, with the readings
/// lost, to be reported upstream; a run that continues a gap item still waiting for a batch extends that item instead. A gateway window has no device seq, so it is counted (frames and readings) but has
/// no gap item.
/// </summary>
internal sealed class TelemetryEviction(OutboxSession session)
{
    private const int Chunk = 256;

    public void Evict(long bytesNeeded)
    {
        var evicted = new List<(string Device, uint Boot, uint Seq, long Readings)>();
        var gatewayWindows = new List<long>();
        var freed = 0L;
        while (freed < bytesNeeded)
        {
            var chunk = Oldest(Chunk);
            if (chunk.Count == 0)
            {
                break;
            }

            using var delete = session.Command("DELETE FROM items WHERE id = $i", ("$i", 0L));
            foreach (var row in chunk)
            {
                if (freed >= bytesNeeded)
                {
                    break;
                }

                delete.Parameters["$i"].Value = row.Id;
                delete.ExecuteNonQuery();
                freed += row.Size;
                session.Removed(1, row.Size, pending: true);
                if (row.Device.Length > 0)
                {
                    evicted.Add((row.Device, row.Boot, row.Seq, row.Readings));
                }
                else
                {
                    gatewayWindows.Add(row.Readings);
                }
            }
        }

        if (evicted.Count + gatewayWindows.Count == 0)
        {
            return;
        }

        Interlocked.Add(ref session.EvictedFrames, evicted.Count + gatewayWindows.Count);
        Interlocked.Add(ref session.EvictedReadings, evicted.Sum(e => e.Readings) + gatewayWindows.Sum());
        var now = (long)(session.Scalar("SELECT MAX(created_ms) FROM items") ?? 0L);
        foreach (var gap in Runs(evicted))
        {
            if (!session.ExtendGap(gap))
            {
                session.AppendGap(gap, now);
            }
        }

        session.RefreshOldestPending();
    }

    private static IEnumerable<TelemetryGapItem> Runs(List<(string Device, uint Boot, uint Seq, long Readings)> evicted)
    {
        foreach (var group in evicted.GroupBy(e => (e.Device, e.Boot)))
        {
            TelemetryGapItem? run = null;
            foreach (var frame in group.OrderBy(e => e.Seq))
            {
                if (run is not null && frame.Seq == run.LastSeq + 1)
                {
                    run = run with { LastSeq = frame.Seq, Readings = run.Readings + (ulong)frame.Readings };
                    continue;
                }

                if (run is not null)
                {
                    yield return run;
                }

                run = new TelemetryGapItem(frame.Device, frame.Boot, frame.Seq, frame.Seq, (ulong)frame.Readings);
            }

            if (run is not null)
            {
                yield return run;
            }
        }
    }

    private List<(long Id, string Device, uint Boot, uint Seq, long Readings, long Size)> Oldest(int limit)
    {
        using var command = session.Command(
            "SELECT id, device, COALESCE(boot, 0), COALESCE(seq, 0), readings, size FROM items WHERE batch_seq IS NULL AND ((kind = 1 AND frame_type IN (1, 2)) OR kind = 2) ORDER BY id LIMIT $n",
            ("$n", (long)limit));
        using var reader = command.ExecuteReader();
        var rows = new List<(long, string, uint, uint, long, long)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), (uint)reader.GetInt64(2), (uint)reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)));
        }

        return rows;
    }
}
