namespace EdgeCompute.Gateway.Service.Monitoring;

/// <summary>
/// The gateway's monitoring listener (section <c>MonitoringOptions</c>): <c>/metrics</c> (Prometheus text),
/// <c>/healthz</c> and <c>/readyz</c> over plain HTTP, on loopback by default so only this machine (a local Prometheus
/// agent, systemd, an operator's curl) can read it.
/// </summary>
public sealed class MonitoringOptions
{
    /// <summary>Gets or sets whether the listener runs (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the address it listens on (default <c>127.0.0.1</c>; <c>0.0.0.0</c> exposes it to the LAN).</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Gets or sets the TCP port (default 9464, the OpenTelemetry Prometheus exporter's; 0 picks a free one).</summary>
    public int Port { get; set; } = 9464;
}
