using EdgeCompute.Protocol.Mqtt.Guard;

namespace EdgeCompute.Gateway.Configuration;

/// <summary>Settings of the embedded device broker (section <c>GatewayOptions:DeviceBroker</c>).</summary>
public sealed class DeviceBrokerOptions
{
    /// <summary>
    /// Gets or sets the address the broker binds to (default <c>127.0.0.1</c>). Devices reach the gateway over the
    /// LAN, so a deployment sets the Pi's LAN address or <c>0.0.0.0</c>.
    /// </summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Gets or sets the TCP port (default 1884).</summary>
    public int Port { get; set; } = 1884;

    /// <summary>Gets or sets the TLS listener settings (off by default: plain MQTT on the LAN).</summary>
    public DeviceBrokerTlsOptions Tls { get; set; } = new();

    /// <summary>
    /// Gets or sets the most messages the broker queues for one subscriber (default 100). A device subscribes only to its
    /// own task topic and receives a few assignments at a time; the broker drops the oldest queued message past this
    /// limit (QoS 1 included), so the task dispatcher, not the broker, is what must not overrun a device.
    /// </summary>
    public int MaxPendingMessagesPerClient { get; set; } = 100;

    /// <summary>Gets or sets the largest payload a device may publish (default and maximum 4096, the protocol limit).</summary>
    public int MaxPayloadBytes { get; set; } = EdgeCompute.Protocol.Decoding.ProtocolLimits.MaxDevicePayloadBytes;

    /// <summary>Gets or sets the sustained publishes per second one device may make (default 20).</summary>
    public double RatePerSecond { get; set; } = 20;

    /// <summary>Gets or sets the burst a device may make above its rate (default 100 messages).</summary>
    public int RateBurst { get; set; } = 100;

    /// <summary>
    /// Gets or sets the largest MQTT packet a device may send, fixed header included (default 8192: a 4,096-byte payload
    /// with its topic and properties fits twice over). A packet announcing more closes the connection before it is read.
    /// </summary>
    public int MaxPacketBytes { get; set; } = 8 * 1024;

    /// <summary>Gets or sets the largest CONNECT accepted, before any login (default 4096; a device's is about 150 bytes).</summary>
    public int MaxConnectPacketBytes { get; set; } = 4 * 1024;

    /// <summary>Gets or sets how long a new connection may take to send its whole CONNECT before it is closed (default 5 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how many failed logins from one address (within 10 minutes) go unpunished before its attempts are slowed (default 5).</summary>
    public int LoginFailuresBeforeDelay { get; set; } = 5;

    /// <summary>Gets or sets the delay of the first slowed login attempt, doubling with each further failure (default 1 s).</summary>
    public TimeSpan LoginDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest a slowed login attempt waits (default 30 s).</summary>
    public TimeSpan LoginDelayMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The guard's settings from these.</summary>
    /// <returns>The guard options.</returns>
    public BrokerGuardOptions ToGuardOptions() => new()
    {
        MaxPacketBytes = MaxPacketBytes,
        MaxConnectPacketBytes = MaxConnectPacketBytes,
        ConnectTimeout = ConnectTimeout,
        LoginFailuresBeforeDelay = LoginFailuresBeforeDelay,
        LoginDelay = LoginDelay,
        LoginDelayMax = LoginDelayMax,
    };
}
