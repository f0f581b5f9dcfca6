namespace EdgeCompute.Protocol.Topics;

/// <summary>The second topic level under <c>ec/v1</c>: who the topic belongs to.</summary>
public enum TopicRole
{
    /// <summary><c>d</c>: a device (MCU), on its gateway's broker.</summary>
    Device,

    /// <summary><c>g</c>: a gateway, on the central broker.</summary>
    Gateway,
}
