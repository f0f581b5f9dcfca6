using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Protocol.Coordinator;

namespace EdgeCompute.Benchmarks.Coordinator;

/// <summary>Keeps the signed tasks the engine sends, in order (the harness answers them as the devices would).</summary>
internal sealed class CapturingPublisher : ITaskPublisher
{
    private readonly List<CoordinatorTask> _tasks = [];

    public IReadOnlyList<CoordinatorTask> Tasks
    {
        get
        {
            lock (_tasks)
            {
                return [.. _tasks];
            }
        }
    }

    public Task PublishAsync(CoordinatorTask task, CancellationToken cancellationToken = default)
    {
        lock (_tasks)
        {
            _tasks.Add(task);
        }

        return Task.CompletedTask;
    }
}
