namespace EdgeCompute.Protocol.Topics;

/// <summary>The last level of an <c>ec/v1/g/{gateway}/...</c> topic.</summary>
public enum GatewayTopicKind
{
    /// <summary><c>birth</c>: the retained gateway birth.</summary>
    Birth,

    /// <summary><c>state</c>: retained ASCII <c>online</c>/<c>offline</c>.</summary>
    State,

    /// <summary><c>up</c>: signed gateway batches to the coordinator.</summary>
    Up,

    /// <summary><c>ack</c>: signed coordinator acks.</summary>
    Ack,

    /// <summary><c>task</c>: signed coordinator tasks.</summary>
    Task,
}
