namespace EdgeCompute.Gateway.Service.Monitoring;

/// <summary>
/// Whether the gateway process is alive: its node is running. Only this feeds <c>/healthz</c> and the systemd watchdog,
/// never the uplink or readiness, so an outage of the central broker or a full disk never gets the gateway restarted
/// in a loop (store-and-forward is meant to ride them out).
/// </summary>
internal sealed class GatewayLiveness(GatewayWorker worker)
{
    public bool IsAlive => worker.Node is { IsRunning: true };
}
