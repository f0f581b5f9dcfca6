using EdgeCompute.Protocol;

namespace EdgeCompute.Coordinator.Broker;

/// <summary>Settings of <see cref="ExternalBrokerIngest"/> (Mosquitto, EMQX or another MQTT 5 broker).</summary>
public sealed class ExternalBrokerOptions
{
    /// <summary>Gets or sets the broker host.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Gets or sets the broker port.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>Gets or sets this replica's client id (unique per replica).</summary>
    public string ClientId { get; set; } = "coordinator-1";

    /// <summary>Gets or sets the coordinator's user name on the broker.</summary>
    public string UserName { get; set; } = "coordinator";

    /// <summary>Gets or sets the coordinator's password on the broker.</summary>
    public string Password { get; set; } = "";

    /// <summary>Gets or sets the shared-subscription group; replicas in one group split the <c>up</c> messages.</summary>
    public string ShareGroup { get; set; } = Topics.CoordinatorShareGroup;

    /// <summary>Gets or sets the pause between reconnection attempts.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the timeout of connect and publish calls.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
