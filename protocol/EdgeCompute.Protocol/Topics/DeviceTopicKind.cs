namespace EdgeCompute.Protocol.Topics;

/// <summary>The last level of an <c>ec/v1/d/{device}/...</c> topic.</summary>
public enum DeviceTopicKind
{
    /// <summary><c>birth</c>: the retained birth frame (type 4).</summary>
    Birth,

    /// <summary><c>state</c>: retained ASCII <c>online</c>/<c>offline</c>.</summary>
    State,

    /// <summary><c>tel</c>: telemetry frames (type 1 or 2).</summary>
    Tel,

    /// <summary><c>task</c>: task assignment bytes from the gateway.</summary>
    Task,

    /// <summary><c>res</c>: result frames (type 3).</summary>
    Res,
}
