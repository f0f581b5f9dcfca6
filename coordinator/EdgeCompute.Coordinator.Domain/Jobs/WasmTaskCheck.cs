using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>The checks every kind that runs a WebAssembly module on gateways shares: module, fuel, memory.</summary>
internal static class WasmTaskCheck
{
    /// <summary>Returns the failed check, or null when module, fuel and memory are sound.</summary>
    public static JobSpecCheck? Check(byte[]? module, ulong fuel, ulong memoryBytes, string moduleField = "module") =>
        module is null || module.Length == 0 ? JobSpecCheck.Fail(moduleField, "module must not be empty")
        : module.Length < 8 || !module.AsSpan(0, 4).SequenceEqual("\0asm"u8) ? JobSpecCheck.Fail(moduleField, "module is not a WebAssembly binary (it must start with \\0asm and a version)")
        : CheckBudget(fuel, memoryBytes);

    /// <summary>Returns the failed check, or null when fuel and memory are sound.</summary>
    public static JobSpecCheck? CheckBudget(ulong fuel, ulong memoryBytes) =>
        fuel == 0 ? JobSpecCheck.Fail("fuel", "fuel must be at least 1")
        : fuel > JobLimits.MaxFuel ? JobSpecCheck.Fail("fuel", $"fuel must be at most {JobLimits.MaxFuel}, found {fuel}")
        : memoryBytes is < WasmParameters.MinMemoryBytes or > WasmParameters.MaxMemoryBytes
            ? JobSpecCheck.Fail("memoryBytes", $"memoryBytes must be {WasmParameters.MinMemoryBytes} to {WasmParameters.MaxMemoryBytes}, found {memoryBytes}")
        : null;
}
