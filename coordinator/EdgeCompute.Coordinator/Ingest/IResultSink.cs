using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Tasks;


namespace EdgeCompute.Coordinator.Ingest;

/// <summary>
/// Where device results go after their batch is committed. The ingestor cannot verify a result's MAC itself: it covers
/// the SHA-256 of the task assignment the coordinator issued for (task, slot, device), and only the assignment store knows
/// those bytes. So it asks the sink (<see cref="AuthenticateAsync"/>) before the commit, and drops results that fail
/// from the batch. A result counts only once its MAC verified (<c>DeviceFrameMac.Verify(frame, key, assignment)</c>); a
/// sink may remember what it checked for the list it is then handed (the same list, less the dropped results) instead of
/// checking again.
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
    /// Says, before the batch is committed, which results carry a MAC that verifies against an assignment issued for
    /// their (task, slot, device). Those that do not are dropped from the batch, so a forged result frame cannot occupy a
    /// place in the device's frame sequence (and get the device's genuine frame with that number refused as a conflict).
    /// The default, for a sink that cannot check, passes every result.
    /// </summary>
    /// <param name="results">The batch's results, in batch order.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>One flag per result, in the same order: true when it is authentic.</returns>
    Task<IReadOnlyList<bool>> AuthenticateAsync(IReadOnlyList<ReceivedResult> results, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<bool>>([.. results.Select(_ => true)]);

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
