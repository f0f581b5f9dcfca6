namespace EdgeCompute.Coordinator.Tasking;

/// <summary>Which nodes <see cref="NodeDirectory.Page"/> keeps; a null member keeps every node.</summary>
/// <param name="Gateway">Only this gateway and the devices reached through it.</param>
/// <param name="Online">Only online (true) or offline (false) nodes, as <see cref="NodeInfo.Online"/> says.</param>
/// <param name="IsGateway">Only gateways (true) or devices (false).</param>
/// <param name="Include">
/// A further test by id and whether the node is a gateway (e.g. its owner in the registry), asked only of nodes the other
/// members kept, under the directory's lock: it must be quick and must not call back into the directory.
/// </param>
public sealed record NodeFilter(string? Gateway = null, bool? Online = null, bool? IsGateway = null, Func<string, bool, bool>? Include = null)
{
    /// <summary>Gets a filter that keeps every node.</summary>
    public static NodeFilter All { get; } = new();
}
