namespace EdgeCompute.Coordinator.UseCases;

/// <summary>
/// Which tasks this process wrote since a point in its history, so a read taken before the work lock can be trusted for
/// the tasks nobody here touched meanwhile and read again for the others. A point is a generation: take it with
/// <see cref="Now"/> before reading; every write marks its tasks after the store call returns (committed or not), so a
/// write whose commit the read may have missed always carries a later generation. Another replica's writes are not seen
/// here: the store's all-or-nothing writes and fingerprints guard against those, as they always did.
/// </summary>
internal sealed class TaskWriteLog
{
    /// <summary>Marks kept before the log forgets them; a read older than what was forgotten counts every task as written.</summary>
    internal const int MaxMarks = 65_536;

    private readonly Lock _sync = new();
    private readonly Dictionary<string, long> _lastWrite = new(StringComparer.Ordinal);
    private long _generation;
    private long _horizon;

    /// <summary>Gets the current generation: take it before a read, then ask <see cref="WrittenSince"/> under the lock.</summary>
    public long Now
    {
        get
        {
            lock (_sync)
            {
                return _generation;
            }
        }
    }

    /// <summary>Gets how many tasks' marks are held (for tests).</summary>
    public int Count
    {
        get
        {
            lock (_sync)
            {
                return _lastWrite.Count;
            }
        }
    }

    /// <summary>Marks one task written.</summary>
    /// <param name="taskId">The task.</param>
    /// <returns>The write's generation.</returns>
    public long Written(string taskId)
    {
        lock (_sync)
        {
            _generation++;
            Mark(taskId);
            return _generation;
        }
    }

    /// <summary>Marks tasks written.</summary>
    /// <param name="taskIds">The tasks.</param>
    /// <returns>The write's generation.</returns>
    public long Written(IEnumerable<string> taskIds)
    {
        lock (_sync)
        {
            _generation++;
            foreach (var taskId in taskIds)
            {
                Mark(taskId);
            }

            return _generation;
        }
    }

    /// <summary>Whether the task's last write here is the one of <paramref name="generation"/> (and its mark is still held).</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="generation">A write's generation.</param>
    /// <returns>True when no write to the task came after that one.</returns>
    public bool IsLastWrite(string taskId, long generation)
    {
        lock (_sync)
        {
            return _lastWrite.TryGetValue(taskId, out var at) && at == generation;
        }
    }

    /// <summary>Marks every task written (a write whose tasks the caller does not know, such as a job's cancellation).</summary>
    public void WrittenAll()
    {
        lock (_sync)
        {
            _generation++;
            Forget();
        }
    }

    /// <summary>Whether this process wrote the task after generation <paramref name="since"/> (or may have: its mark was forgotten).</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="since">The generation taken before the read.</param>
    /// <returns>True when the read may not show the task as it is now.</returns>
    public bool WrittenSince(string taskId, long since)
    {
        lock (_sync)
        {
            return since < _horizon || (_lastWrite.TryGetValue(taskId, out var at) && at > since);
        }
    }

    private void Mark(string taskId)
    {
        if (_lastWrite.Count >= MaxMarks)
        {
            Forget();
        }

        _lastWrite[taskId] = _generation;
    }

    private void Forget()
    {
        _lastWrite.Clear();
        _horizon = _generation;
    }
}
