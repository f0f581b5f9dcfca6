namespace EdgeCompute.Gateway.EdgeTasks;

/// <summary>How a WebAssembly edge task ended. Every value but <see cref="Ok"/> ends only that task.</summary>
public enum EdgeTaskReasonCode
{
    /// <summary>The task ran to completion and returned an output within the limits.</summary>
    Ok = 0,

    /// <summary>The task used its whole fuel budget (for example an endless loop).</summary>
    OutOfFuel = 1,

    /// <summary>The task needed more linear memory than its limit (a refused <c>memory.grow</c> it could not survive, or an initial memory above the limit).</summary>
    MemoryLimit = 2,

    /// <summary>The task was still running at its wall-clock deadline.</summary>
    Deadline = 3,

    /// <summary>The module trapped (<c>unreachable</c>, out-of-bounds access, division by zero, stack overflow, ...).</summary>
    Trap = 4,

    /// <summary>The module bytes are not valid WebAssembly, do not match their hash, are too large, or do not follow the host ABI.</summary>
    Malformed = 5,

    /// <summary>The module broke the buffer contract: <c>alloc</c> or <c>run</c> returned a range outside its memory, or an output above the limit.</summary>
    BadOutput = 6,

    /// <summary>The request itself was refused: input above the limit, invalid limits, or no module bytes for an uncached hash.</summary>
    BadInput = 7,

    /// <summary>The pool's queue was full; the task was not started.</summary>
    QueueFull = 8,

    /// <summary>The caller cancelled the task (or the pool shut down) before it finished.</summary>
    Cancelled = 9,
}
