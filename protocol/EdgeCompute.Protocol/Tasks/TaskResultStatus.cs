namespace EdgeCompute.Protocol.Tasks;

/// <summary>How a kernel run ended (result key 4).</summary>
public enum TaskResultStatus
{
    /// <summary>0: finished; the output is set.</summary>
    Ok = 0,

    /// <summary>1: stopped because the next op would exceed the op budget.</summary>
    OpBudgetExceeded = 1,

    /// <summary>2: the params break the kernel's rules.</summary>
    BadParams = 2,

    /// <summary>3: the device does not have this kernel.</summary>
    UnknownKernel = 3,

    /// <summary>4: the deadline had passed.</summary>
    DeadlinePassed = 4,
}
