namespace EdgeCompute.Gateway.Outbox;

/// <summary>
/// Room kept in reserve beside the outbox: a file of zeros (written, not sparse, so it really holds the blocks) that is
/// deleted the moment SQLite reports the disk full, so the deletes of acknowledged batches and the WAL checkpoints that
/// drain the outbox find room; made again once the outbox has drained. Used by the outbox's writer thread only.
/// </summary>
internal sealed class DiskReserve
{
    private const int Chunk = 64 * 1024;

    public DiskReserve(string path, long bytes)
    {
        Path = path;
        Bytes = bytes;
    }

    public string Path { get; }

    public long Bytes { get; }

    /// <summary>Gets whether the reserve file is in place.</summary>
    public bool IsHeld => Bytes > 0 && File.Exists(Path) && new FileInfo(Path).Length >= Bytes;

    /// <summary>Writes the reserve file; false (and nothing left behind) when the disk cannot take it now.</summary>
    public bool TryTake()
    {
        if (Bytes == 0 || IsHeld)
        {
            return true;
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

            return true;
        }
        catch (IOException)
        {
            Release();
            return false;
        }
    }

    /// <summary>Deletes the reserve file; returns the bytes it gave back (0 when there was none).</summary>
    public long Release()
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
