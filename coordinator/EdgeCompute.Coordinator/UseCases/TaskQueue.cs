namespace EdgeCompute.Coordinator.UseCases;

/// <summary>A queue of task ids in which each task waits at most once at a time. Thread-safe.</summary>
internal sealed class TaskQueue
{
    private readonly Queue<string> _order = new();
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);

    /// <summary>Gets how many tasks wait.</summary>
    public int Count
    {
        get
        {
            lock (_queued)
            {
                return _queued.Count;
            }
        }
    }

    /// <summary>Queues a task unless it already waits.</summary>
    /// <param name="taskId">The task.</param>
    /// <returns>Whether it was queued now.</returns>
    public bool Add(string taskId)
    {
        lock (_queued)
        {
            if (!_queued.Add(taskId))
            {
                return false;
            }

            _order.Enqueue(taskId);
            return true;
        }
    }

    /// <summary>Takes the task that waited longest.</summary>
    /// <param name="taskId">The task.</param>
    /// <returns>Whether one waited.</returns>
    public bool TryTake(out string taskId)
    {
        lock (_queued)
        {
            if (_order.TryDequeue(out taskId!))
            {
                _queued.Remove(taskId);
                return true;
            }

            return false;
        }
    }
}
