namespace EdgeCompute.Gateway.Bridges;

/// <summary>
/// The broker a bridge publishes to — the user's, not the coordinator's: for Home Assistant the Mosquitto its MQTT
/// integration uses, for Sparkplug the plant's MQTT server. Secrets are never in the settings themselves: the password
/// and the TLS client key are read from files that only the service may read (checked at start).
/// </summary>
public sealed class BridgeBrokerOptions
{
    /// <summary>Gets or sets the broker's host name or address (required when the bridge is on).</summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>Gets or sets the broker's port; default 1883 (8883 is usual with TLS).</summary>
    public int Port { get; set; } = 1883;

    /// <summary>Gets or sets the MQTT client id; empty for <c>edgecompute-{bridge}-{gateway id}</c>.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>Gets or sets the user name; empty for an anonymous connection.</summary>
    public string UserName { get; set; } = string.Empty;

    /// <summary>Gets or sets the file holding the password (first line); required with <see cref="UserName"/>, readable by the service only.</summary>
    public string PasswordFile { get; set; } = string.Empty;

    /// <summary>Gets or sets whether to connect with TLS.</summary>
    public bool UseTls { get; set; }

    /// <summary>Gets or sets a PEM file of the CA certificate(s) to trust instead of the system's; TLS only.</summary>
    public string CaCertificateFile { get; set; } = string.Empty;

    /// <summary>Gets or sets a PEM client certificate for mutual TLS; needs <see cref="ClientKeyFile"/>.</summary>
    public string ClientCertificateFile { get; set; } = string.Empty;

    /// <summary>Gets or sets the PEM private key of <see cref="ClientCertificateFile"/>; readable by the service only.</summary>
    public string ClientKeyFile { get; set; } = string.Empty;

    /// <summary>Gets or sets the MQTT keep-alive; default 30 s.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long a connect or publish may take; default 5 s.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the first reconnect delay; default 1 s, doubling up to <see cref="BackoffMax"/>.</summary>
    public TimeSpan BackoffInitial { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest reconnect delay; default 60 s.</summary>
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how many events may wait for the broker; beyond it the oldest is dropped (counted). Default 10,000.</summary>
    public int QueueCapacity { get; set; } = 10_000;
}
