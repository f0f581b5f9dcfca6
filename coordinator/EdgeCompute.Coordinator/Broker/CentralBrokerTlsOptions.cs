namespace EdgeCompute.Coordinator.Broker;

/// <summary>
/// The embedded central broker's TLS listener (section <c>CoordinatorOptions:Broker:Tls</c>; <c>--listen mqtts://</c>). Off by
/// default. When on, the broker listens with TLS only, at <see cref="CentralBrokerOptions.BindAddress"/>:<see cref="CentralBrokerOptions.Port"/>;
/// with <see cref="ClientCaFile"/> every gateway must also present a client certificate from that CA whose subject (CN) is
/// its gateway id, the same as its MQTT user name.
/// </summary>
public sealed class CentralBrokerTlsOptions
{
    /// <summary>Gets or sets whether the broker listens with TLS instead of plain MQTT (default false).</summary>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the server certificate (PEM, the fleet's <c>server.pem</c>); its names must include the address gateways connect to.</summary>
    public string CertificateFile { get; set; } = string.Empty;

    /// <summary>Gets or sets the certificate's private key (PEM, readable by the coordinator's user only).</summary>
    public string KeyFile { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the CA (PEM, the fleet's <c>ca.pem</c>) gateways' client certificates must chain to; empty asks for no
    /// client certificate (gateways log in with their broker password only).
    /// </summary>
    public string ClientCaFile { get; set; } = string.Empty;

    /// <summary>Gets or sets how long a gateway may take to finish the TLS handshake (default 10 s).</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
