namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>Reads each gateway's latest stored status, so a restarted coordinator knows what its gateways last reported.</summary>
public interface IGatewayStatusReader
{
    /// <summary>The latest status of every gateway that reported one, ordered by gateway id.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records.</returns>
    Task<IReadOnlyList<GatewayStatusRecord>> ReadGatewayStatusesAsync(CancellationToken cancellationToken = default);
}
