using EdgeCompute.Gateway.LocalStore;

namespace EdgeCompute.Gateway.Configuration;

/// <summary>The local data store (section <c>GatewayOptions:LocalStore</c>): telemetry windows kept on the Pi for data-local tasks.</summary>
public sealed class LocalDataOptions
{
    /// <summary>Gets or sets whether the local store is kept (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the SQLite file, relative to <see cref="GatewayOptions.DataFolder"/> (default <c>localstore.db</c>).</summary>
    public string FileName { get; set; } = "localstore.db";

    /// <summary>Gets or sets how long a window is kept after its start (default 7 days).</summary>
    public TimeSpan Retention { get; set; } = LocalStoreOptions.DefaultRetention;

    /// <summary>Gets or sets the most bytes the store's used pages may take (default 1 GiB); the oldest windows go first beyond it.</summary>
    public long MaxBytes { get; set; } = LocalStoreOptions.DefaultMaxBytes;

    /// <summary>Gets or sets how often the store is pruned (default 10 minutes).</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The store's own options for a data folder.</summary>
    /// <param name="dataFolder">The gateway's data folder.</param>
    /// <returns>The options.</returns>
    public LocalStoreOptions ToStoreOptions(string dataFolder) => new()
    {
        DatabasePath = Path.Combine(dataFolder, FileName),
        Retention = Retention,
        MaxBytes = MaxBytes,
    };
}
