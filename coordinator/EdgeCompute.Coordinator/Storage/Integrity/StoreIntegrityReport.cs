namespace EdgeCompute.Coordinator.Storage.Integrity;

/// <summary>What a store's own integrity check found.</summary>
/// <param name="Store">The store checked: a SQLite file's path, or "PostgreSQL host:port/database".</param>
/// <param name="Method">What ran, such as <c>PRAGMA integrity_check</c> or <c>amcheck bt_index_check (heapallindexed) on 7 indexes</c>.</param>
/// <param name="Problems">What the check reported as damaged, in its own words (empty when intact).</param>
/// <param name="Note">What the check could not cover, when something (a missing extension) limited it; else null.</param>
public sealed record StoreIntegrityReport(string Store, string Method, IReadOnlyList<string> Problems, string? Note = null)
{
    /// <summary>Gets a value indicating whether the check found nothing damaged.</summary>
    public bool IsIntact => Problems.Count == 0;

    /// <summary>Gets the report as one line: the store, the method, and the first problems or "ok".</summary>
    public string Summary => IsIntact
        ? $"{Store}: {Method}: ok{(Note is null ? "" : $" ({Note})")}"
        : $"{Store}: {Method} reports damage: {string.Join("; ", Problems.Take(3))}{(Problems.Count > 3 ? $"; and {Problems.Count - 3} more" : "")}";
}
