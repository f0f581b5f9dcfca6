namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>Which kind of node runs a task.</summary>
public enum TaskTarget
{
    /// <summary>A device (MCU kernel), reached through its gateway.</summary>
    Device = 1,

    /// <summary>A gateway itself (a <c>wasm</c> task: the coordinator task's target is empty).</summary>
    Gateway = 2,
}
