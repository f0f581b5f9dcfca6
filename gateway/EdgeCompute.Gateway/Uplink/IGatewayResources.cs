namespace EdgeCompute.Gateway.Uplink;

/// <summary>Reads the gateway's free resources for its birth and its periodic status.</summary>
public interface IGatewayResources
{
    /// <summary>Gets the CPU cores.</summary>
    uint Cores { get; }

    /// <summary>Gets the total memory in bytes.</summary>
    ulong MemoryBytes { get; }

    /// <summary>Reads idle CPU (permille, since the previous call) and free memory in bytes.</summary>
    /// <returns>Idle CPU permille (0 to 1000) and free memory bytes.</returns>
    (uint IdleCpuPermille, ulong FreeMemoryBytes) Read();
}
