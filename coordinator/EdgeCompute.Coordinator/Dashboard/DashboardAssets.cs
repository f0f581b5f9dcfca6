using System.Collections.Frozen;
using System.Security.Cryptography;

namespace EdgeCompute.Coordinator.Dashboard;

/// <summary>
/// The dashboard's files, embedded in this assembly (<c>Dashboard/wwwroot/*</c>, logical names <c>dashboard/{file}</c>), so
/// the coordinator serves them from itself: nothing is read from disk or fetched from the internet.
/// </summary>
public static class DashboardAssets
{
    private const string Prefix = "dashboard/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly Lazy<FrozenDictionary<string, DashboardAsset>> Loaded = new(Load);

    /// <summary>Gets every embedded file by name.</summary>
    public static IReadOnlyDictionary<string, DashboardAsset> All => Loaded.Value;

    /// <summary>Finds a file by name.</summary>
    /// <param name="name">The file name (<c>app.js</c>).</param>
    /// <param name="asset">The file when found.</param>
    /// <returns>Whether it exists.</returns>
    public static bool TryGet(string name, out DashboardAsset? asset) => Loaded.Value.TryGetValue(name, out asset);

    private static FrozenDictionary<string, DashboardAsset> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var name = resource[Prefix.Length..];
            if (!ContentTypes.TryGetValue(Path.GetExtension(name), out var type))
            {
                throw new InvalidOperationException($"dashboard file {name}: no content type for its extension; add one to {nameof(DashboardAssets)}");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var tag = $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"";
            assets[name] = new DashboardAsset(name, bytes, type, tag);
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
