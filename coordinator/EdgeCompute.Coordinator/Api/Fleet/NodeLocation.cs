using EdgeCompute.Coordinator.Api.Auth;

namespace EdgeCompute.Coordinator.Api.Fleet;

/// <summary>
/// Who sees a node's location how exactly: everyone sees the first <see cref="PublicLength"/> geohash characters (about
/// 5 km); the node's owner and the operator see the exact cell. Every endpoint that shows a location goes through here.
/// </summary>
public static class NodeLocation
{
    /// <summary>The public precision of a location, in geohash characters.</summary>
    public const int PublicLength = 5;

    /// <summary>Whether <paramref name="caller"/> sees the exact location of a node owned by <paramref name="owner"/>.</summary>
    /// <param name="caller">The caller.</param>
    /// <param name="owner">The node's owner; null when the registry does not know it.</param>
    /// <returns>True for the operator and the node's owner.</returns>
    public static bool IsExactFor(ApiCaller caller, string? owner)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Kind == ApiCallerKind.Operator || (owner is not null && caller.Is(owner));
    }

    /// <summary>The location as shown: exact, or cut to the public precision.</summary>
    /// <param name="geohash">The node's geohash (empty when none is set).</param>
    /// <param name="exact">Whether the caller sees it exactly.</param>
    /// <returns>The geohash to show.</returns>
    public static string Shown(string geohash, bool exact)
    {
        ArgumentNullException.ThrowIfNull(geohash);
        return exact || geohash.Length <= PublicLength ? geohash : geohash[..PublicLength];
    }
}
