namespace EdgeCompute.Coordinator.Tasking;

/// <summary>One page of the nodes a <see cref="NodeFilter"/> keeps, from <see cref="NodeDirectory.Page"/>.</summary>
/// <param name="Items">The page's nodes, ordered by id (ordinal).</param>
/// <param name="Total">How many nodes the filter keeps.</param>
/// <param name="Before">How many of those come before the page (its offset).</param>
/// <param name="More">Whether more kept nodes come after the page.</param>
public sealed record NodeDirectoryPage(IReadOnlyList<NodeInfo> Items, int Total, int Before, bool More);
