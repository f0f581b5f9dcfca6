namespace EdgeCompute.Gateway.Configuration;

/// <summary>
/// The device broker's TLS listener (section <c>GatewayOptions:DeviceBroker:Tls</c>). Off by default: boards on the
/// gateway's own LAN speak plain MQTT, every device frame is already authenticated end to end by its HMAC, and TLS costs
/// an ESP32 heap for mbedTLS's record buffers and seconds of handshake (gateway/README.md, "TLS"). When on, the broker
/// listens with TLS only, at <see cref="DeviceBrokerOptions.BindAddress"/>:<see cref="DeviceBrokerOptions.Port"/>.
/// </summary>
public sealed class DeviceBrokerTlsOptions
{
    /// <summary>Gets or sets whether the device broker listens with TLS instead of plain MQTT (default false).</summary>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the server certificate (PEM) the devices check against the fleet CA; its names must include the address boards connect to.</summary>
    public string CertificateFile { get; set; } = string.Empty;

    /// <summary>Gets or sets the certificate's private key (PEM, readable by the gateway's user only).</summary>
    public string KeyFile { get; set; } = string.Empty;

    /// <summary>Gets or sets how long a device may take to finish the TLS handshake (default 10 s; an ESP32 needs a few seconds).</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
