namespace EdgeCompute.Wasm.Host;

/// <summary>The resources one WebAssembly edge task may use.</summary>
/// <param name="Fuel">Wasmtime fuel units (about one per WebAssembly instruction); what the coordinator pays for.</param>
/// <param name="MemoryBytes">The most bytes the task's linear memory may grow to.</param>
/// <param name="Deadline">Wall-clock time from the start of the task (not its time in the queue).</param>
/// <param name="MaxInputBytes">The largest input accepted.</param>
/// <param name="MaxOutputBytes">The largest output accepted; a larger one ends the task (the gateway reports it as a bad output).</param>
public sealed record EdgeTaskLimits(ulong Fuel, long MemoryBytes, TimeSpan Deadline, int MaxInputBytes, int MaxOutputBytes)
{
    /// <summary>The defaults: 1e9 fuel (a second or two of work on a Pi 4), 64 MiB memory, 10 s deadline, 1 MiB input and output.</summary>
    public static EdgeTaskLimits Default { get; } = new(1_000_000_000, 64L << 20, TimeSpan.FromSeconds(10), 1 << 20, 1 << 20);

    /// <summary>Checks the limits.</summary>
    /// <returns>A problem naming the limit, or null when the limits are valid.</returns>
    public string? Check()
    {
        if (Fuel == 0)
        {
            return $"{nameof(Fuel)} must be at least 1";
        }

        if (MemoryBytes < WasmPageSize || MemoryBytes > MaxMemoryBytes)
        {
            return $"{nameof(MemoryBytes)} must be between {WasmPageSize} (one page) and {MaxMemoryBytes} (4 GiB), found {MemoryBytes}";
        }

        if (Deadline <= TimeSpan.Zero)
        {
            return $"{nameof(Deadline)} must be positive, found {Deadline}";
        }

        if (MaxInputBytes < 0 || MaxOutputBytes < 0)
        {
            return $"{nameof(MaxInputBytes)} and {nameof(MaxOutputBytes)} must not be negative";
        }

        return null;
    }

    /// <summary>The largest module a gateway accepts by default, and the coordinator at submit: 8 MiB.</summary>
    public const int DefaultMaxModuleBytes = 8 << 20;

    /// <summary>The WebAssembly page size.</summary>
    public const long WasmPageSize = 65_536;

    /// <summary>The largest 32-bit linear memory.</summary>
    public const long MaxMemoryBytes = 1L << 32;
}
