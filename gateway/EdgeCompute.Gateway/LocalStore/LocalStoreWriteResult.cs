namespace EdgeCompute.Gateway.LocalStore;

/// <summary>What one write to the local store did.</summary>
/// <param name="Stored">Channel windows newly stored.</param>
/// <param name="Duplicates">Channel windows already present (same source, start and channel), left as they were.</param>
/// <param name="Expired">Channel windows skipped because they were already past retention.</param>
/// <param name="Pruned">Older channel windows deleted afterwards for retention or the byte bound.</param>
public sealed record LocalStoreWriteResult(int Stored, int Duplicates, int Expired, long Pruned);
