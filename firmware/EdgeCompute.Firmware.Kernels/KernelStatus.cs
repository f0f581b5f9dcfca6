namespace EdgeCompute.Firmware.Kernels;

/// <summary>Result status codes (result body key 4).</summary>
public static class KernelStatus
{
    /// <summary>The kernel ran to completion; the output is valid.</summary>
    public const int Ok = 0;

    /// <summary>The next op would have exceeded the op budget; the kernel stopped.</summary>
    public const int BudgetExceeded = 1;

    /// <summary>The parameters break the kernel's limits.</summary>
    public const int BadParams = 2;

    /// <summary>The device does not run the named kernel.</summary>
    public const int UnknownKernel = 3;

    /// <summary>The assignment's deadline had passed before it could run.</summary>
    public const int DeadlinePassed = 4;
}
