namespace EdgeCompute.Protocol.Tasks;

/// <summary>The body of a result frame (type 3; docs/protocol.md, "Result body").</summary>
/// <param name="TaskId">Key 1: the task id.</param>
/// <param name="Slot">Key 2: the replica slot.</param>
/// <param name="Kernel">Key 3: the kernel that ran (as named in the assignment).</param>
/// <param name="Status">Key 4: how the run ended.</param>
/// <param name="Ops">Key 5: ops used.</param>
/// <param name="Output">Key 6: the typed output when <paramref name="Status"/> is <see cref="TaskResultStatus.Ok"/>; null otherwise (written as an empty array).</param>
public sealed record TaskResult(string TaskId, uint Slot, string Kernel, TaskResultStatus Status, ulong Ops, KernelOutput? Output);
