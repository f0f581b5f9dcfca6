namespace EdgeCompute.Cli.Fleets;

/// <summary>Lists of ids for people: short lists in full, long ones by their ends.</summary>
internal static class IdList
{
    /// <summary>Joins ids with commas, keeping the first three and the last when there are more than six.</summary>
    /// <param name="ids">The ids, in order.</param>
    /// <returns>The text, such as <c>dev-0001, dev-0002, dev-0003, …, dev-0100</c>.</returns>
    public static string Abbreviate(IReadOnlyList<string?> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return ids.Count <= 6 ? string.Join(", ", ids) : $"{string.Join(", ", ids.Take(3))}, …, {ids[^1]}";
    }
}
