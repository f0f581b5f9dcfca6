using Microsoft.Data.Sqlite;

namespace EdgeCompute.Gateway.Outbox;

/// <summary>
/// Room held back for a full disk, in two places: a file of zeros beside the outbox (written, not sparse, so it really
/// holds the blocks) and a row of zeros inside it (table <c>reserve</c>). When SQLite reports the disk full both are given
/// up — the file first, so the WAL has room on the disk for the delete that frees the row; the row's pages then take the
/// next batch without the file growing — so the deletes of acknowledged batches and the next cuts go on and the outbox
/// drains. Taken again once the outbox has drained. Used by the outbox's writer thread only, outside its transactions.
/// </summary>
internal sealed class DiskReserve
{
    private const int Chunk = 64 * 1024;

    public DiskReserve(string path, long bytes)
    {
        Path = path;
        Bytes = bytes;
    }

    /// <summary>Gets the reserve file's path.</summary>
    public string Path { get; }

    /// <summary>Gets the size of each half (the file, the row); 0 keeps no reserve.</summary>
    public long Bytes { get; }

    /// <summary>Whether both halves are in place.</summary>
    public bool IsHeld(OutboxSession session) =>
        Bytes == 0 || (FileHeld && session.Scalar("SELECT COUNT(*) FROM reserve") is > 0L);

    private bool FileHeld => File.Exists(Path) && new FileInfo(Path).Length >= Bytes;

    /// <summary>Takes what is missing of the reserve; a disk that cannot take it now is no error (it is tried again later).</summary>
    public void TryTake(OutboxSession session)
    {
        if (Bytes == 0)
        {
            DeleteFile();
            return;
        }

        TakeFile();
        try
        {
            session.Begin();
            if (session.Scalar("SELECT COUNT(*) FROM reserve") is 0L)
            {
                session.Execute("INSERT INTO reserve (id, filler) VALUES (1, zeroblob($n))", ("$n", Bytes));
            }

            session.Commit();
        }
        catch (SqliteException)
        {
            session.Rollback();
        }
    }

    /// <summary>Gives the reserve up: the file, then the row; returns the bytes given back.</summary>
    public long Release(OutboxSession session)
    {
        var released = DeleteFile();
        try
        {
            session.Begin();
            released += session.Scalar("SELECT COALESCE(SUM(length(filler)), 0) FROM reserve") as long? ?? 0;
            session.Execute("DELETE FROM reserve");
            session.Commit();
        }
        catch (SqliteException)
        {
            session.Rollback();
        }

        return released;
    }

    private void TakeFile()
    {
        if (FileHeld)
        {
            return;
        }

        try
        {
            using (var stream = new FileStream(Path, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                var zeros = new byte[Chunk];
                for (var left = Bytes; left > 0; left -= Chunk)
                {
                    stream.Write(zeros, 0, (int)Math.Min(Chunk, left));
                }

                stream.Flush(flushToDisk: true);
            }
        }
        catch (IOException)
        {
            DeleteFile(); // not now; nothing half-written left behind
        }
    }

    private long DeleteFile()
    {
        try
        {
            if (!File.Exists(Path))
            {
                return 0;
            }

            var length = new FileInfo(Path).Length;
            File.Delete(Path);
            return length;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
