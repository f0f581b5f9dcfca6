using EdgeCompute.Protocol.Batches;

namespace EdgeCompute.Coordinator.Ingest;

/// <summary>Where tasks a gateway handed back for reissue go (batch item kind 5), after the batch is committed.</summary>
public interface ITaskReturnSink
{
    /// <summary>Takes one handed-back task.</summary>
    /// <param name="item">The item.</param>
    /// <param name="gatewayId">The gateway that returned it.</param>
    /// <param name="cancellationToken">Cancels the hand-over.</param>
    /// <returns>A task that completes when the sink has it.</returns>
    Task AcceptAsync(TaskReturnedItem item, string gatewayId, CancellationToken cancellationToken = default);
}
