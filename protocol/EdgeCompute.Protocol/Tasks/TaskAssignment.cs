namespace EdgeCompute.Protocol.Tasks;

/// <summary>
/// A task assignment (docs/protocol.md, "Task assignment"). The coordinator encodes it once; those exact bytes
/// travel to the device and the device's result MAC covers their SHA-256.
/// </summary>
/// <param name="TaskId">Key 1: the task id (id rules).</param>
/// <param name="Slot">Key 2: the replica slot.</param>
/// <param name="DeviceId">Key 3: the device that must run it.</param>
/// <param name="Parameters">Keys 4 and 5: the kernel and its typed params.</param>
/// <param name="OpBudget">Key 6: the kernel stops with status 1 when it would exceed this many ops.</param>
/// <param name="DeadlineMs">Key 7: the deadline, ms since the Unix epoch.</param>
public sealed record TaskAssignment(string TaskId, uint Slot, string DeviceId, KernelParameters Parameters, uint OpBudget, long DeadlineMs)
{
    /// <summary>The kernel name (key 4).</summary>
    public string Kernel => Parameters.Kernel;
}
