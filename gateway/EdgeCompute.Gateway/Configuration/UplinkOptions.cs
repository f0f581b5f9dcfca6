namespace EdgeCompute.Gateway.Configuration;

/// <summary>The central broker connection (section <c>GatewayOptions:Uplink</c>); credentials come from the gateway file.</summary>
public sealed class UplinkOptions
{
    /// <summary>Gets or sets the central broker, <c>mqtt://host:port</c> or <c>mqtts://host:port</c> (default <c>mqtt://127.0.0.1:1883</c>).</summary>
    public string BrokerUrl { get; set; } = "mqtt://127.0.0.1:1883";

    /// <summary>Gets or sets whether TLS is used (default false; also implied by an <c>mqtts://</c> URL).</summary>
    public bool UseTls { get; set; }

    /// <summary>
    /// Gets or sets the CA certificate file (PEM, the fleet's <c>ca.pem</c>) the central broker's certificate must chain
    /// to; empty to trust the system's roots instead (a broker with a public certificate). Only with TLS.
    /// </summary>
    public string CaFile { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets this gateway's client certificate (PEM, <c>gateways/{id}.pem</c>: subject CN = the gateway id),
    /// presented to a broker that requires one; empty for none. Only with TLS, and with <see cref="ClientKeyFile"/>.
    /// </summary>
    public string ClientCertificateFile { get; set; } = string.Empty;

    /// <summary>Gets or sets the client certificate's private key (PEM, <c>gateways/{id}-key.pem</c>, readable by the gateway's user only).</summary>
    public string ClientKeyFile { get; set; } = string.Empty;

    /// <summary>Gets or sets how long a connect or publish may take (default 10 s).</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long a sent batch waits for its ack before it is sent again, unchanged (default 15 s).</summary>
    public TimeSpan ResendTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets or sets the first reconnect delay (default 1 s).</summary>
    public TimeSpan BackoffInitial { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest reconnect delay (default 60 s).</summary>
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the random share taken off each delay, 0 to 1 (default 0.5: a delay d becomes d × [0.5, 1]).</summary>
    public double BackoffJitter { get; set; } = 0.5;

    /// <summary>Gets or sets the MQTT keep-alive (default 30 s).</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);
}
