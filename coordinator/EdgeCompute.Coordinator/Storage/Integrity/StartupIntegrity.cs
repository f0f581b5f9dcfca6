using EdgeCompute.Coordinator.Runtime;

namespace EdgeCompute.Coordinator.Storage.Integrity;

/// <summary>
/// The check a coordinator runs before it opens its stores, so a damaged file is refused at start, named, instead of being
/// booked on: the full <c>PRAGMA integrity_check</c> on the ledger (money: <c>quick_check</c> does not compare an index with
/// its table, and a key missing from the unique index on idempotency keys would let a deposit or a payout be booked twice),
/// <c>PRAGMA quick_check</c> on the telemetry and work files (every page read once, about a second per GiB on an SSD).
/// Files not made yet are skipped. On PostgreSQL nothing is run here: the server checks pages as it reads them when the
/// cluster has data checksums, and <c>edgecompute ledger verify</c> runs amcheck.
/// </summary>
public static class StartupIntegrity
{
    /// <summary>Checks the stores the options name.</summary>
    /// <param name="options">The coordinator's settings.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    /// <returns>One report per SQLite file checked (none with PostgreSQL).</returns>
    public static async Task<IReadOnlyList<StoreIntegrityReport>> CheckAsync(CoordinatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PostgresConnectionString is not null)
        {
            return [];
        }

        var (ledger, telemetry, work) = CoordinatorStores.SqliteFiles;
        var reports = new List<StoreIntegrityReport>();
        foreach (var name in new[] { ledger, telemetry, work })
        {
            var file = Path.Combine(options.DataFolder, name);
            if (File.Exists(file))
            {
                reports.Add(await SqliteIntegrity.CheckAsync(file, quick: name != ledger, cancellationToken).ConfigureAwait(false));
            }
        }

        return reports;
    }
}
