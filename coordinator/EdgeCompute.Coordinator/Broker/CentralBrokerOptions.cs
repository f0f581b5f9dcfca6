using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Mqtt.Guard;

namespace EdgeCompute.Coordinator.Broker;

/// <summary>Settings of the embedded central broker (<see cref="CentralBrokerServer"/>).</summary>
public sealed class CentralBrokerOptions
{
    /// <summary>Gets or sets the address to listen on.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Gets or sets the TCP port.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>Gets or sets the TLS listener's settings (off by default).</summary>
    public CentralBrokerTlsOptions Tls { get; set; } = new();

    /// <summary>
    /// Gets or sets the per-subscriber queue bound. A gateway subscribes only to its own <c>ack</c> and <c>task</c>;
    /// acks come one per batch and the gateway keeps a handful of batches in flight, tasks a few at a time, so 1,000 is
    /// far above normal use and bounds the memory a gateway that stops reading can hold. MQTTnet drops the oldest
    /// message past it (QoS 1 included); a dropped ack costs a resend, answered by a duplicate ack, never lost data.
    /// </summary>
    public int MaxPendingMessagesPerClient { get; set; } = 1000;

    /// <summary>
    /// Gets or sets the largest MQTT packet a client may send, fixed header included (default 1 MiB + 4 KiB: the largest
    /// batch message with its topic and properties). A packet announcing more closes the connection before it is read.
    /// </summary>
    public int MaxPacketBytes { get; set; } = ProtocolLimits.MaxBatchMessageBytes + 4096;

    /// <summary>Gets or sets the largest CONNECT accepted, before any login (default 4096; a gateway's is about 200 bytes).</summary>
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
