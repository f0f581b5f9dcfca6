namespace EdgeCompute.Coordinator.Broker;

/// <summary>Why the central broker refused something.</summary>
public enum BrokerRefusal
{
    /// <summary>CONNECT with an unknown or revoked gateway, a client id that differs from the user name, or a wrong password.</summary>
    BadCredentials,

    /// <summary>PUBLISH on a topic the gateway may not write.</summary>
    PublishNotAllowed,

    /// <summary>SUBSCRIBE to a filter the gateway may not read.</summary>
    SubscribeNotAllowed,

    /// <summary>PUBLISH larger than the batch message limit.</summary>
    PayloadTooLarge,
}
