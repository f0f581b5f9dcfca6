namespace EdgeCompute.Wasm.Host.Running;

/// <summary>How one run of a module ended. The values match the gateway's task reason codes of the same names.</summary>
public enum RunOutcome
{
    /// <summary>The run completed and returned an output within the limits.</summary>
    Ok = 0,

    /// <summary>The run used its whole fuel budget.</summary>
    OutOfFuel = 1,

    /// <summary>The run needed more linear memory than its limit.</summary>
    MemoryLimit = 2,

    /// <summary>The run was still going at its wall-clock deadline.</summary>
    Deadline = 3,

    /// <summary>The module trapped (<c>unreachable</c>, out-of-bounds access, division by zero, stack overflow, …).</summary>
    Trap = 4,

    /// <summary>The module broke the buffer contract (<c>alloc</c> or <c>run</c> returned a range outside its memory, or an output above the limit).</summary>
    BadOutput = 6,

    /// <summary>The caller cancelled the run.</summary>
    Cancelled = 9,
}
