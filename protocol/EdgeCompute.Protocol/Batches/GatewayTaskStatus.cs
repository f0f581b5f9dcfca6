namespace EdgeCompute.Protocol.Batches;

/// <summary>How a task the gateway ran itself ended (item kind 6); every value but <see cref="Ok"/> carries no output.</summary>
public enum GatewayTaskStatus
{
    /// <summary>0: the task completed; the output is its result.</summary>
    Ok = 0,

    /// <summary>1: the task used its whole fuel budget (for example an endless loop).</summary>
    OutOfFuel = 1,

    /// <summary>2: the task needed more linear memory than its limit.</summary>
    MemoryLimit = 2,

    /// <summary>3: the task was still running at its deadline (or the deadline had passed before it started).</summary>
    Deadline = 3,

    /// <summary>4: the module trapped.</summary>
    Trap = 4,

    /// <summary>5: the module is not valid WebAssembly, does not match its hash, or does not follow the host ABI.</summary>
    Malformed = 5,

    /// <summary>6: the module returned an output outside its memory or above the output limit.</summary>
    BadOutput = 6,

    /// <summary>7: the request was refused: input above the limit, or no module bytes for a module the gateway has not cached.</summary>
    BadInput = 7,

    /// <summary>8: the gateway's task queue was full; the task was not started.</summary>
    QueueFull = 8,

    /// <summary>9: the task was cancelled (the gateway stopped) before it finished.</summary>
    Cancelled = 9,
}
