namespace EdgeCompute.Coordinator.Broker;

/// <summary>Settings of the embedded central broker (<see cref="CentralBrokerServer"/>).</summary>
public sealed class CentralBrokerOptions
{
    /// <summary>Gets or sets the address to listen on.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Gets or sets the TCP port.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>
    /// Gets or sets the per-subscriber queue bound. A gateway subscribes only to its own <c>ack</c> and <c>task</c>;
    /// acks come one per batch and the gateway keeps a handful of batches in flight, tasks a few at a time, so 1,000 is
    /// far above normal use and bounds the memory a gateway that stops reading can hold. MQTTnet drops the oldest
    /// message past it (QoS 1 included); a dropped ack costs a resend, answered by a duplicate ack, never lost data.
    /// </summary>
    public int MaxPendingMessagesPerClient { get; set; } = 1000;
}
