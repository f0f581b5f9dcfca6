namespace EdgeCompute.Protocol.Births;

/// <summary>A gateway birth (retained on <c>ec/v1/g/{gateway}/birth</c>; plain CBOR, the broker's ACL vouches for the sender).</summary>
/// <param name="GatewayId">Key 1: the gateway id.</param>
/// <param name="Boot">Key 2: the gateway boot counter.</param>
/// <param name="TimeMs">Key 3: the gateway's time, ms since the Unix epoch.</param>
/// <param name="Cores">Key 4: CPU cores.</param>
/// <param name="MemoryBytes">Key 5: memory in bytes.</param>
/// <param name="WasmSupport">Key 6: whether it runs WASM tasks.</param>
/// <param name="AttachedDevices">Key 7: ids of the devices attached to it.</param>
/// <param name="Geohash">Key 8: location geohash, 0 to 12 characters of <c>0-9b-hjkmnp-z</c>.</param>
/// <param name="Kernels">Key 9: the kernels it runs itself.</param>
public sealed record GatewayBirth(
    string GatewayId,
    uint Boot,
    long TimeMs,
    uint Cores,
    ulong MemoryBytes,
    bool WasmSupport,
    IReadOnlyList<string> AttachedDevices,
    string Geohash,
    IReadOnlyList<string> Kernels)
{
    /// <summary>The geohash alphabet (base 32 without a, i, l, o).</summary>
    public const string GeohashAlphabet = "0123456789bcdefghjkmnpqrstuvwxyz";

    /// <summary>The longest geohash.</summary>
    public const int MaxGeohashLength = 12;

    /// <summary>Whether <paramref name="geohash"/> is 0 to 12 characters of <see cref="GeohashAlphabet"/>.</summary>
    /// <param name="geohash">The candidate.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool IsValidGeohash(string? geohash) =>
        geohash is not null && geohash.Length <= MaxGeohashLength && geohash.All(c => GeohashAlphabet.Contains(c, StringComparison.Ordinal));
}
