namespace EdgeCompute.Coordinator.Domain.Pricing;

/// <summary>
/// The coordinator's published prices, in micro-units. A task's work is its cost units (kernel operations on a device,
/// WebAssembly fuel on a gateway), paid once per replica whose result is credited; a job also pays once for the bytes it
/// keeps on the coordinator (its module and inputs, or its spec). Served at <c>GET /api/pricing</c>; a job keeps the rate
/// it was accepted at.
/// </summary>
public sealed record PriceList
{
    /// <summary>The cost units one rate is quoted for: rates are per million units.</summary>
    public const long UnitsPerRate = 1_000_000;

    /// <summary>Bytes in a MiB, the unit of <see cref="StoragePerMiB"/>.</summary>
    public const long BytesPerMiB = 1 << 20;

    /// <summary>Gets micro-units per million kernel operations run on a device, per credited replica.</summary>
    public long DeviceOpsPerMillion { get; init; } = 10_000;

    /// <summary>Gets micro-units per million units of WebAssembly fuel burnt on a gateway, per credited replica.</summary>
    public long GatewayFuelPerMillion { get; init; } = 100;

    /// <summary>Gets micro-units per MiB a job keeps on the coordinator (module and inputs by hash, or its spec), charged once per job.</summary>
    public long StoragePerMiB { get; init; } = 1_000;

    /// <summary>
    /// Checks the prices: compute rates 0 or more (0 makes that target's work free), storage 1 or more (every job keeps
    /// some bytes, so its escrow is never empty), each at most 10^12.
    /// </summary>
    /// <returns>Null when valid, else the problem naming the setting.</returns>
    public string? Validate()
    {
        const long Max = 1_000_000_000_000;
        foreach (var (name, value) in (ReadOnlySpan<(string, long)>)[(nameof(DeviceOpsPerMillion), DeviceOpsPerMillion),
                     (nameof(GatewayFuelPerMillion), GatewayFuelPerMillion), (nameof(StoragePerMiB), StoragePerMiB)])
        {
            if (value is < 0 or > Max)
            {
                return $"{name} must be 0 to {Max} micro-units, found {value}";
            }
        }

        return StoragePerMiB < 1 ? $"{nameof(StoragePerMiB)} must be at least 1 micro-unit, found {StoragePerMiB}" : null;
    }
}
