namespace EdgeCompute.Client.Pricing;

/// <summary>The prices in force, micro-units (<c>GET /api/pricing</c>).</summary>
/// <param name="DeviceOpsPerMillion">Per million kernel operations run on a device, per credited replica.</param>
/// <param name="GatewayFuelPerMillion">Per million units of WebAssembly fuel burnt on a gateway, per credited replica.</param>
/// <param name="StoragePerMiB">Per MiB a job keeps on the coordinator, once per job.</param>
/// <param name="UnitsPerRate">The cost units a rate is for (1,000,000).</param>
public sealed record PricingView(long DeviceOpsPerMillion, long GatewayFuelPerMillion, long StoragePerMiB, long UnitsPerRate);
