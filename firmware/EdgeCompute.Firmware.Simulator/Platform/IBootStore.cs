namespace EdgeCompute.Firmware.Simulator.Platform;

/// <summary>
/// Where the simulator keeps its devices' boot counters, as a board keeps its counter in flash: in memory
/// (<see cref="InMemoryBootStore"/>) or in the fleet's state file (<see cref="SimulatorStateFile"/>).
/// </summary>
public interface IBootStore
{
    /// <summary>
    /// Takes the next boot of each device and makes it durable before returning: a boot handed out once is never handed
    /// out again, not even after the process is killed.
    /// </summary>
    /// <param name="deviceIds">The devices, each at most once.</param>
    /// <returns>The new boot of each device, in the same order.</returns>
    /// <exception cref="IOException">The boots could not be made durable; none of them may be used.</exception>
    /// <exception cref="InvalidOperationException">A counter would pass <see cref="uint.MaxValue"/>.</exception>
    IReadOnlyList<uint> Reserve(IReadOnlyList<string> deviceIds);
}
