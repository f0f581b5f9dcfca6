namespace EdgeCompute.Coordinator.Service;

/// <summary>
/// The service's own settings (section <c>CoordinatorService</c>): where the fleet's <c>coordinator.json</c> is, where the HTTP
/// API listens, and the files holding its secrets. The coordinator's settings proper are <c>CoordinatorOptions</c>.
/// </summary>
public sealed class CoordinatorServiceOptions
{
    /// <summary>The environment variable read for the operator token when <see cref="OperatorTokenFile"/> is not set.</summary>
    public const string OperatorTokenVariable = "EDGECOMPUTE_OPERATOR_TOKEN";

    /// <summary>The environment variable read for the external broker's password when <see cref="BrokerPasswordFile"/> is not set (as <c>provision mosquitto</c> takes it).</summary>
    public const string BrokerPasswordVariable = "EDGECOMPUTE_COORDINATOR_BROKER_PASSWORD";

    /// <summary>Gets or sets the fleet folder; only its <c>coordinator.json</c> is read (owners and tokens, gateways, devices, the coordinator key). Required.</summary>
    public string FleetFolder { get; set; } = "";

    /// <summary>Gets or sets the IP address the HTTP API listens on (default 127.0.0.1).</summary>
    public string HttpAddress { get; set; } = "127.0.0.1";

    /// <summary>Gets or sets the HTTP API's port (default 8080).</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>
    /// Gets or sets the API's server certificate (PEM, the fleet's <c>server.pem</c> from <c>provision tls</c>; its names must
    /// include the address clients use); with <see cref="HttpKeyFile"/> the API serves HTTPS only. Unset: plain HTTP (on
    /// loopback, or behind a reverse proxy that terminates TLS).
    /// </summary>
    public string? HttpCertificateFile { get; set; }

    /// <summary>Gets or sets the private key (PEM, readable by the coordinator's user only) of <see cref="HttpCertificateFile"/>.</summary>
    public string? HttpKeyFile { get; set; }

    /// <summary>Gets whether the API serves HTTPS.</summary>
    public bool HttpUsesTls => !string.IsNullOrEmpty(HttpCertificateFile);

    /// <summary>Gets or sets a file holding the API's operator token (POST /api/deposits); else <see cref="OperatorTokenVariable"/>; else deposits through the API are off.</summary>
    public string? OperatorTokenFile { get; set; }

    /// <summary>Gets or sets a file holding the coordinator's password on the external broker (<c>CoordinatorOptions:ExternalBroker</c>); else <see cref="BrokerPasswordVariable"/>, else <c>CoordinatorOptions:ExternalBroker:Password</c>.</summary>
    public string? BrokerPasswordFile { get; set; }

    /// <summary>Gets or sets how often <c>coordinator.json</c> is checked for changes (key rotations, revocations, moved devices take effect without a restart).</summary>
    public TimeSpan RegistryCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the API's address as a URL, for messages.</summary>
    public string HttpUrl => $"{(HttpUsesTls ? "https" : "http")}://{HttpAddress}:{HttpPort}";
}
