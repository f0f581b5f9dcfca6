using EdgeCompute.Firmware.Simulator.Behaviours;

namespace EdgeCompute.Firmware.Simulator.Reporting;

/// <summary>One virtual device's report.</summary>
/// <param name="DeviceId">The device id.</param>
/// <param name="Behavior">Its behaviours.</param>
/// <param name="Seed">Its seed (sensors, behaviours and jitter derive from it).</param>
/// <param name="Boot">Its current boot counter.</param>
/// <param name="Seq">The seq of its last sealed data frame in this boot.</param>
/// <param name="Counts">What it did.</param>
public sealed record DeviceReport(string DeviceId, DeviceBehavior Behavior, int Seed, uint Boot, uint Seq, SimulationCounts Counts);
