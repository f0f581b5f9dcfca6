using System.Security.Cryptography.X509Certificates;
using EdgeCompute.Firmware.Core.Agent;
using EdgeCompute.Firmware.Core.Frames;

namespace EdgeCompute.Firmware.Simulator.Transport;

/// <summary>Settings of a <see cref="MqttDeviceTransport"/>; checked by <see cref="Validate"/>.</summary>
public sealed class MqttDeviceTransportOptions
{
    /// <summary>Gets or sets the device id: MQTT client id and user name, <c>[a-z0-9-]{1,32}</c>.</summary>
    public string DeviceId { get; set; } = string.Empty;

    /// <summary>Gets or sets the device's topics, shared with its agent; built from <see cref="DeviceId"/> when null.</summary>
    public DeviceTopics? Topics { get; set; }

    /// <summary>Gets or sets the 32-byte device key; the MQTT password is derived from it.</summary>
    public byte[]? Key { get; set; }

    /// <summary>Gets or sets the gateway broker's host (default <c>localhost</c>).</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>Gets or sets the gateway broker's port (default 1884).</summary>
    public int Port { get; set; } = 1884;

    /// <summary>Gets or sets whether the device connects with TLS (<c>mqtts://</c>), as a board with the gateway's CA file does.</summary>
    public bool UseTls { get; set; }

    /// <summary>
    /// Gets or sets the CA certificates the gateway's certificate must chain to (the fleet's <c>ca.pem</c>); null for the
    /// system's roots. Only with <see cref="UseTls"/>.
    /// </summary>
    public X509Certificate2Collection? TrustedCa { get; set; }

    /// <summary>Gets or sets where <see cref="TrustedCa"/> came from, for messages (such as <c>the CA in ca.pem</c>).</summary>
    public string? TrustSource { get; set; }

    /// <summary>
    /// Gets or sets whether the device speaks MQTT 3.1.1, as a board's M2Mqtt does, instead of MQTT 5 (the default). MQTTnet's
    /// 3.1.1 encoder keeps no properties buffer (about 4 KB less per connection); a dropped link then closes with a plain
    /// DISCONNECT, so the broker does not publish the will (MQTT 5's reason 0x04 is what asks for it).
    /// </summary>
    public bool Mqtt311 { get; set; }

    /// <summary>
    /// Gets or sets the MQTT keep-alive period (default 30 s); zero turns keep-alive off: no PINGREQ, and MQTTnet's client
    /// runs no keep-alive loop (which wakes every 250 ms per connection). The broker then notices a lost device only when
    /// its socket closes.
    /// </summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long a connect may take on the network (default 5 s, wall clock).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets how long a QoS 1 publish may wait for its PUBACK (default 5 s, wall clock; a publish gives up between
    /// this and one second more). A publish that times out returns false and the agent keeps the frame.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the delay before the first reconnect attempt (default 1 s; doubled per failed attempt).</summary>
    public TimeSpan InitialReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest delay between reconnect attempts (default 60 s).</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the jitter: each delay is scaled by a random factor in [1 - j, 1 + j] (default 0.2).</summary>
    public double ReconnectJitter { get; set; } = 0.2;

    /// <summary>Gets or sets the seed of the jitter's random source.</summary>
    public int JitterSeed { get; set; }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public void Validate()
    {
        if (!IdRules.IsValidId(DeviceId))
        {
            throw new ArgumentException("MqttDeviceTransportOptions.DeviceId must match [a-z0-9-]{1,32}");
        }

        if (Topics is not null && Topics.DeviceId != DeviceId)
        {
            throw new ArgumentException("MqttDeviceTransportOptions.Topics must be the topics of DeviceId");
        }

        if (Key is null || Key.Length != 32)
        {
            throw new ArgumentException("MqttDeviceTransportOptions.Key must be 32 bytes");
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("MqttDeviceTransportOptions.Host must not be empty");
        }

        if (Port is < 1 or > 65535)
        {
            throw new ArgumentException("MqttDeviceTransportOptions.Port must be 1..65535");
        }

        if (TrustedCa is not null && !UseTls)
        {
            throw new ArgumentException("MqttDeviceTransportOptions.TrustedCa needs UseTls");
        }

        if (KeepAlive < TimeSpan.Zero || KeepAlive > TimeSpan.FromSeconds(65535))
        {
            throw new ArgumentException("MqttDeviceTransportOptions.KeepAlive must be 0 to 65535 s");
        }

        Positive(ConnectTimeout, nameof(ConnectTimeout));
        Positive(PublishTimeout, nameof(PublishTimeout));
        Positive(InitialReconnectDelay, nameof(InitialReconnectDelay));
        if (MaxReconnectDelay < InitialReconnectDelay)
        {
            throw new ArgumentException("MqttDeviceTransportOptions.MaxReconnectDelay must be at least InitialReconnectDelay");
        }

        if (!(ReconnectJitter >= 0 && ReconnectJitter < 1))
        {
            throw new ArgumentException("MqttDeviceTransportOptions.ReconnectJitter must be in [0, 1)");
        }
    }

    /// <summary>Copies the settings with another device's identity and jitter seed.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <param name="key">The device key.</param>
    /// <param name="host">The broker host.</param>
    /// <param name="port">The broker port.</param>
    /// <param name="jitterSeed">The jitter seed.</param>
    /// <returns>A new options object.</returns>
    public MqttDeviceTransportOptions For(string deviceId, byte[] key, string host, int port, int jitterSeed) => new()
    {
        DeviceId = deviceId,
        Topics = new DeviceTopics(deviceId),
        Key = key,
        Host = host,
        Port = port,
        UseTls = UseTls,
        Mqtt311 = Mqtt311,
        TrustedCa = TrustedCa,
        TrustSource = TrustSource,
        KeepAlive = KeepAlive,
        ConnectTimeout = ConnectTimeout,
        PublishTimeout = PublishTimeout,
        InitialReconnectDelay = InitialReconnectDelay,
        MaxReconnectDelay = MaxReconnectDelay,
        ReconnectJitter = ReconnectJitter,
        JitterSeed = jitterSeed,
    };

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"MqttDeviceTransportOptions.{name} must be positive");
        }
    }
}
