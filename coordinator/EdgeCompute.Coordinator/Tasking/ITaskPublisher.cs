using EdgeCompute.Protocol.Coordinator;

namespace EdgeCompute.Coordinator.Tasking;

/// <summary>Sends a signed coordinator task to a gateway's <c>task</c> topic (through the embedded or an external broker).</summary>
public interface ITaskPublisher
{
    /// <summary>Publishes the task with QoS 1.</summary>
    /// <param name="task">The signed task.</param>
    /// <param name="cancellationToken">Cancels the publish.</param>
    /// <returns>A task that completes when the broker took it.</returns>
    Task PublishAsync(CoordinatorTask task, CancellationToken cancellationToken = default);
}
