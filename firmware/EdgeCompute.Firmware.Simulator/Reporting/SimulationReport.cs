namespace EdgeCompute.Firmware.Simulator.Reporting;

/// <summary>What a simulation did, per device and in total.</summary>
/// <param name="Seed">The fleet seed: the same seed, plan and devices give the same assignment and sensor values.</param>
/// <param name="Devices">Per device, in the fleet's order.</param>
/// <param name="Totals">The sums over every device.</param>
public sealed record SimulationReport(int Seed, IReadOnlyList<DeviceReport> Devices, SimulationCounts Totals);
