namespace EdgeCompute.Coordinator.Api.Pricing;

/// <summary>The prices in force, micro-units. A job's quote (its escrow) is every task's whole budget on as many replicas as its verification can credit, at its target's rate, plus its storage; it is charged what its credited results and module faults used, plus its storage, and refunded the rest.</summary>
/// <param name="DeviceOpsPerMillion">Per million kernel operations run on a device, per credited replica.</param>
/// <param name="GatewayFuelPerMillion">Per million units of WebAssembly fuel burnt on a gateway, per credited replica.</param>
/// <param name="StoragePerMiB">Per MiB a job keeps on the coordinator (module and inputs by hash, or its spec), once per job.</param>
/// <param name="UnitsPerRate">The cost units a rate is for (1,000,000).</param>
public sealed record PricingView(long DeviceOpsPerMillion, long GatewayFuelPerMillion, long StoragePerMiB, long UnitsPerRate);
