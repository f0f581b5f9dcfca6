using EdgeCompute.Protocol.Messages;


namespace EdgeCompute.Coordinator.Ingest;

/// <summary>
/// Where device results go after their batch is committed. The ingestor cannot verify a result's MAC: it covers the
/// SHA-256 of the task assignment the coordinator issued for (task, slot, device), and only the assignment store knows
/// those bytes. The sink verifies the MAC (<c>DeviceFrameMac.Verify(frame, key, assignment)</c>) before the result
/// counts; a result whose MAC fails there is a gateway-altered or replayed result.
/// </summary>
public interface IResultSink
{
    /// <summary>Takes one result frame (not yet MAC-verified) with its decoded body.</summary>
    /// <param name="frame">The device frame, byte for byte as forwarded.</param>
    /// <param name="result">The decoded result body.</param>
    /// <param name="gatewayId">The gateway that forwarded it.</param>
    /// <param name="cancellationToken">Cancels the hand-over.</param>
    /// <returns>A task that completes when the sink has it.</returns>
    Task AcceptAsync(DeviceFrame frame, TaskResult result, string gatewayId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the device results of one batch, in batch order. The default hands them to
    /// <see cref="AcceptAsync(DeviceFrame, TaskResult, string, CancellationToken)"/> one by one; a sink that can do the
    /// store work once per batch overrides it, with the same outcome.
    /// </summary>
    /// <param name="results">The results.</param>
    /// <param name="cancellationToken">Cancels the hand-over.</param>
    /// <returns>A task that completes when the sink has them all.</returns>
    async Task AcceptManyAsync(IReadOnlyList<ReceivedResult> results, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        foreach (var result in results)
        {
            await AcceptAsync(result.Frame, result.Result, result.GatewayId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Takes the result of a task the gateway ran itself (batch item kind 6). It carries no device MAC: the batch
    /// signature, already verified, vouches that this gateway sent it; the sink checks that the task was issued to it.
    /// </summary>
    /// <param name="item">The item.</param>
    /// <param name="gatewayId">The gateway that ran it.</param>
    /// <param name="cancellationToken">Cancels the hand-over.</param>
    /// <returns>A task that completes when the sink has it.</returns>
    Task AcceptGatewayResultAsync(GatewayTaskResultItem item, string gatewayId, CancellationToken cancellationToken = default);
}
