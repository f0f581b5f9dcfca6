namespace EdgeCompute.Cli.Simulate;

/// <summary>The shares of misbehaving devices asked for on the command line.</summary>
/// <param name="Lazy">Devices that drop their tasks.</param>
/// <param name="Cheaters">Devices that answer wrongly.</param>
/// <param name="Flaky">Devices with a flaky link.</param>
/// <param name="Reboots">Devices that lose power now and then.</param>
internal sealed record BehaviourShares(double Lazy, double Cheaters, double Flaky, double Reboots);
