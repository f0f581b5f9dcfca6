using EdgeCompute.Coordinator.Domain.Work;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>
/// The state this process left tasks in with its own result batches' writes, so the next batch that read a task before
/// that write takes the state from here instead of reading it again under the work lock. An entry counts only while its
/// write is the task's last one in <see cref="TaskWriteLog"/>: any later write here (judging, a withdrawal, a cancel)
/// makes the task read again. Only states the store confirmed are kept: the ones whose committed fingerprint matched.
/// Another replica's writes are not seen here; the store's all-or-nothing writes guard against those, as they always did.
/// </summary>
internal sealed class OwnWrites
{
    /// <summary>Task states kept before the cache starts again (a few batches' worth; a task older than that is read).</summary>
    internal const int Capacity = 8_192;

    private readonly Lock _sync = new();
    private readonly Dictionary<string, Entry> _states = new(StringComparer.Ordinal);

    /// <summary>Keeps the state a write of <paramref name="generation"/> left the task in.</summary>
    /// <param name="generation">The write's generation in the write log.</param>
    /// <param name="task">The task's row.</param>
    /// <param name="replicas">Its assignments and results as committed.</param>
    public void Keep(long generation, TaskRecord task, TaskReplicas replicas)
    {
        lock (_sync)
        {
            if (_states.Count >= Capacity)
            {
                _states.Clear();
            }

            _states[task.TaskId] = new Entry(generation, task, replicas);
        }
    }

    /// <summary>The state this process's last write left the task in, when that write is still its last.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="writes">The write log.</param>
    /// <param name="task">The task's row.</param>
    /// <param name="replicas">Its assignments and results.</param>
    /// <returns>Whether a current state is held.</returns>
    public bool TryGet(string taskId, TaskWriteLog writes, out TaskRecord task, out TaskReplicas replicas)
    {
        lock (_sync)
        {
            if (_states.TryGetValue(taskId, out var entry) && writes.IsLastWrite(taskId, entry.Generation))
            {
                (task, replicas) = (entry.Task, entry.Replicas);
                return true;
            }

            _states.Remove(taskId);
            (task, replicas) = (null!, null!);
            return false;
        }
    }

    private sealed record Entry(long Generation, TaskRecord Task, TaskReplicas Replicas);
}
