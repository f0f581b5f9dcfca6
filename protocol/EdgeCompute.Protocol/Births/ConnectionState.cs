namespace EdgeCompute.Protocol.Births;

/// <summary>A retained <c>state</c> payload's meaning.</summary>
public enum ConnectionState
{
    /// <summary>ASCII <c>offline</c> (also what the MQTT will publishes).</summary>
    Offline,

    /// <summary>ASCII <c>online</c>.</summary>
    Online,
}
