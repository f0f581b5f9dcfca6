using EdgeCompute.Coordinator.Domain.Ledger;

namespace EdgeCompute.Coordinator.Storage.Ledger;

/// <summary>Rechecks a stored ledger by streaming its entries, page by page, through <see cref="LedgerVerifier"/>.</summary>
public static class LedgerStoreVerification
{
    /// <summary>Reads every entry from sequence 1 and rechecks chain, hashes, balance, keys, overdraws, conservation and published heads.</summary>
    /// <param name="store">The store (read directly, never through the API).</param>
    /// <param name="publishedHeads">Heads from signed epoch statements that the chain must still contain.</param>
    /// <param name="pageSize">Entries per read.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static async Task<LedgerVerification> VerifyAsync(this ILedgerStore store, IEnumerable<LedgerHead>? publishedHeads = null, int pageSize = 1000,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var verifier = new LedgerVerifier(publishedHeads);
        var next = 1L;
        while (true)
        {
            var page = await store.ReadEntriesAsync(next, pageSize, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page)
            {
                if (!verifier.Add(entry)) return verifier.Complete();
            }
            if (page.Count == 0) return verifier.Complete();
            next = page[^1].Sequence + 1;
        }
    }
}
