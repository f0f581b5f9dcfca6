using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Topics;

namespace EdgeCompute.Coordinator.Broker;

/// <summary>Settings of <see cref="ExternalBrokerIngest"/> (Mosquitto, EMQX or another MQTT 5 broker).</summary>
public sealed class ExternalBrokerOptions
{
    /// <summary>Gets or sets the broker host.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Gets or sets the broker port.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>Gets or sets whether the connection uses TLS (a broker URL of <c>mqtts://</c>; Mosquitto's coordinator listener of <c>provision mosquitto --tls</c>).</summary>
    public bool UseTls { get; set; }

    /// <summary>
    /// Gets or sets the CA certificate file (PEM, the fleet's <c>ca.pem</c>) the broker's certificate must chain to;
    /// empty for the system's roots. Only with <see cref="UseTls"/>.
    /// </summary>
    public string CaFile { get; set; } = "";

    /// <summary>Gets or sets this replica's client id (unique per replica).</summary>
    public string ClientId { get; set; } = "coordinator-1";

    /// <summary>Gets or sets the coordinator's user name on the broker.</summary>
    public string UserName { get; set; } = "coordinator";

    /// <summary>Gets or sets the coordinator's password on the broker.</summary>
    public string Password { get; set; } = "";

    /// <summary>Gets or sets the shared-subscription group; replicas in one group split the <c>up</c> messages.</summary>
    public string ShareGroup { get; set; } = ProtocolTopics.CoordinatorShareGroup;

    /// <summary>Gets or sets the pause before the first reconnection attempt; each failed attempt doubles it up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest pause between reconnection attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the random share (0 to 1) taken off each pause, so replicas do not reconnect in step.</summary>
    public double ReconnectJitter { get; set; } = 0.5;

    /// <summary>
    /// Gets or sets whether this replica shares the node events of the batches it stores with the other replicas (on
    /// <c>ec/v1/c/{gateway}/nodes</c>) and applies theirs. On by default; needed whenever more than one replica runs.
    /// </summary>
    public bool ShareNodeEvents { get; set; } = true;

    /// <summary>Gets or sets the timeout of connect and publish calls.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
