namespace EdgeCompute.Gateway.EdgeTasks.Blobs;

/// <summary>
/// Blobs on disk by SHA-256 (<c>&lt;folder&gt;/&lt;sha256&gt;</c>), bounded by their total bytes: past
/// <see cref="MaxBytes"/> the least recently used go first. The order of use is kept in each file's modification time
/// (set on use, on the injected clock, at most once a minute per blob so a hot module does not cost a metadata write per
/// task on an SD card), so a restarted gateway finds its blobs, in nearly the same order, without fetching them again.
/// </summary>
/// <remarks>
/// The cache holds files, not their trust: the reader checks the SHA-256 of what it reads (<see cref="TaskBlobs"/>).
/// A blob larger than the whole budget is still admitted, alone.
/// </remarks>
public sealed class BlobCache
{
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<(string Hash, long Size)>> _byHash = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Hash, long Size)> _recency = new();
    private readonly Dictionary<string, DateTimeOffset> _written = new(StringComparer.Ordinal);
    private long _totalBytes;
    private long _evicted;

    /// <summary>Opens (or creates) the cache folder and reads what it holds; a folder over its budget is trimmed now.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="maxBytes">The byte budget.</param>
    /// <param name="time">The clock the order of use is written on.</param>
    public BlobCache(string folder, long maxBytes, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        Folder = Directory.CreateDirectory(folder).FullName;
        MaxBytes = maxBytes;
        _time = time ?? TimeProvider.System;
        var found = new DirectoryInfo(Folder).EnumerateFiles()
            .Where(f => BlobHash.IsValid(f.Name))
            .OrderByDescending(f => f.LastWriteTimeUtc)
            .ThenBy(f => f.Name, StringComparer.Ordinal);
        foreach (var file in found)
        {
            _byHash[file.Name] = _recency.AddLast((file.Name, file.Length));
            _totalBytes += file.Length;
        }

        lock (_lock)
        {
            EvictBeyondBudget(keep: null);
        }
    }

    /// <summary>The least time between two writes of a blob's modification time (its place in the order of use after a restart).</summary>
    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    /// <summary>Gets the cache folder (full path).</summary>
    public string Folder { get; }

    /// <summary>Gets the byte budget.</summary>
    public long MaxBytes { get; }

    /// <summary>Gets the bytes held now.</summary>
    public long TotalBytes
    {
        get
        {
            lock (_lock)
            {
                return _totalBytes;
            }
        }
    }

    /// <summary>Gets the blobs held now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byHash.Count;
            }
        }
    }

    /// <summary>Gets how many blobs were evicted for the budget since the cache was opened.</summary>
    public long Evicted => Interlocked.Read(ref _evicted);

    /// <summary>Whether the cache holds <paramref name="hash"/> (without counting it as a use).</summary>
    /// <param name="hash">The blob's SHA-256.</param>
    /// <returns>Whether it is held.</returns>
    public bool Contains(string hash)
    {
        lock (_lock)
        {
            return _byHash.ContainsKey(hash);
        }
    }

    /// <summary>The path of a held blob, marked as used now; null when not held.</summary>
    /// <param name="hash">The blob's SHA-256.</param>
    /// <returns>The file, or null.</returns>
    public string? TryUse(string hash)
    {
        lock (_lock)
        {
            if (!_byHash.TryGetValue(hash, out var node))
            {
                return null;
            }

            var path = Path.Combine(Folder, hash);
            var now = _time.GetUtcNow();
            var recentlyWritten = _written.TryGetValue(hash, out var written) && now - written < TouchInterval;
            try
            {
                if (!recentlyWritten)
                {
                    File.SetLastWriteTimeUtc(path, now.UtcDateTime);
                    _written[hash] = now;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Forget(node); // deleted or unreadable behind the cache's back: a miss
                return null;
            }

            if (recentlyWritten && !File.Exists(path))
            {
                Forget(node);
                return null;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            return path;
        }
    }

    /// <summary>Moves a verified file into the cache under its hash, then evicts the least recently used beyond the budget.</summary>
    /// <param name="hash">The blob's SHA-256 (the caller has verified the file against it).</param>
    /// <param name="verifiedFile">The file; moved, not copied (keep it on the cache's file system).</param>
    /// <returns>The blob's path in the cache.</returns>
    public string Admit(string hash, string verifiedFile)
    {
        if (!BlobHash.IsValid(hash))
        {
            throw new ArgumentException($"\"{hash}\" is not a SHA-256 in lowercase hex", nameof(hash));
        }

        var path = Path.Combine(Folder, hash);
        lock (_lock)
        {
            File.Move(verifiedFile, path, overwrite: true);
            File.SetLastWriteTimeUtc(path, _time.GetUtcNow().UtcDateTime);
            _written[hash] = _time.GetUtcNow();
            if (_byHash.TryGetValue(hash, out var old))
            {
                Forget(old);
            }

            var size = new FileInfo(path).Length;
            _byHash[hash] = _recency.AddFirst((hash, size));
            _totalBytes += size;
            EvictBeyondBudget(keep: hash);
            return path;
        }
    }

    /// <summary>Deletes a blob (one that failed its hash check when read).</summary>
    /// <param name="hash">The blob's SHA-256.</param>
    public void Remove(string hash)
    {
        lock (_lock)
        {
            if (_byHash.TryGetValue(hash, out var node))
            {
                Forget(node);
                TryDelete(Path.Combine(Folder, hash));
            }
        }
    }

    private void EvictBeyondBudget(string? keep)
    {
        while (_totalBytes > MaxBytes && _recency.Last is { } last && last.Value.Hash != keep)
        {
            Forget(last);
            TryDelete(Path.Combine(Folder, last.Value.Hash));
            Interlocked.Increment(ref _evicted);
        }
    }

    private void Forget(LinkedListNode<(string Hash, long Size)> node)
    {
        _recency.Remove(node);
        _byHash.Remove(node.Value.Hash);
        _written.Remove(node.Value.Hash);
        _totalBytes -= node.Value.Size;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path); // a task reading it already holds its bytes: blobs are read whole
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // left behind: the next start counts it again and evicts it then
        }
    }
}
