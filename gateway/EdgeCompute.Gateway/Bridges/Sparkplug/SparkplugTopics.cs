namespace EdgeCompute.Gateway.Bridges.Sparkplug;

/// <summary>The Sparkplug B topic namespace (specification, chapter 4): <c>spBv1.0/{group}/{type}/{edge node}[/{device}]</c>.</summary>
/// <param name="groupId">The group id.</param>
/// <param name="edgeNodeId">The edge node id.</param>
public sealed class SparkplugTopics(string groupId, string edgeNodeId)
{
    /// <summary>The namespace's first topic level.</summary>
    public const string Namespace = "spBv1.0";

    /// <summary>Gets the edge node id.</summary>
    public string EdgeNodeId { get; } = edgeNodeId;

    /// <summary>The topic of an edge node message (<c>NBIRTH</c>, <c>NDEATH</c>, <c>NDATA</c>, <c>NCMD</c>).</summary>
    /// <param name="type">The message type.</param>
    /// <returns>The topic.</returns>
    public string Node(string type) => $"{Namespace}/{groupId}/{type}/{EdgeNodeId}";

    /// <summary>The topic of a device message (<c>DBIRTH</c>, <c>DDEATH</c>, <c>DDATA</c>, <c>DCMD</c>).</summary>
    /// <param name="type">The message type.</param>
    /// <param name="deviceId">The device.</param>
    /// <returns>The topic.</returns>
    public string Device(string type, string deviceId) => $"{Namespace}/{groupId}/{type}/{EdgeNodeId}/{deviceId}";
}
