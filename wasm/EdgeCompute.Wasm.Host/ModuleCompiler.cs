using System.Security.Cryptography;
using Wasmtime;

namespace EdgeCompute.Wasm.Host;

/// <summary>
/// Compiles module bytes on an engine (made by <see cref="DeterministicEngine"/>) and checks them against the
/// <see cref="HostAbi"/>: what a gateway does before it runs a module, and the coordinator before it accepts a job.
/// </summary>
public static class ModuleCompiler
{
    /// <summary>Checks the size and hash, compiles, and checks the ABI.</summary>
    /// <param name="engine">The engine to compile on; a module runs only on the engine it was compiled on.</param>
    /// <param name="bytes">The module's binary bytes.</param>
    /// <param name="maxModuleBytes">The most bytes accepted.</param>
    /// <param name="expectedHash">The SHA-256 (hex) the bytes were sent under, or null.</param>
    /// <returns>The compiled module, which the caller disposes, or the reason with one line naming the problem.</returns>
    public static ModuleCompilation Compile(Engine engine, ReadOnlySpan<byte> bytes, int maxModuleBytes, string? expectedHash = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (bytes.IsEmpty)
        {
            return Fail(expectedHash ?? string.Empty, ModuleCompileReasonCode.Empty, "the module has no bytes");
        }

        if (bytes.Length > maxModuleBytes)
        {
            return Fail(expectedHash ?? string.Empty, ModuleCompileReasonCode.TooLarge, $"the module has {bytes.Length} bytes, more than the limit of {maxModuleBytes}");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (expectedHash is not null && !string.Equals(expectedHash, hash, StringComparison.OrdinalIgnoreCase))
        {
            return Fail(hash, ModuleCompileReasonCode.HashMismatch, $"the module bytes hash to {hash}, not the expected {expectedHash}");
        }

        Module module;
        try
        {
            module = Module.FromBytes(engine, hash, bytes);
        }
        catch (WasmtimeException ex)
        {
            return Fail(hash, ModuleCompileReasonCode.Invalid, $"the module is not valid WebAssembly for this host: {Cause(ex.Message)}");
        }

        if (HostAbi.Check(module) is { } problem)
        {
            module.Dispose();
            return Fail(hash, ModuleCompileReasonCode.AbiMismatch, problem);
        }

        return new ModuleCompilation(new CompiledModule(hash, module, HostAbi.InitialMemoryBytes(module)), hash, ModuleCompileReasonCode.Ok, string.Empty);
    }

    /// <summary>The cause of a Wasmtime error: its last non-empty line (the first ones are a backtrace or a heading).</summary>
    /// <param name="message">A Wasmtime exception's message.</param>
    /// <returns>The line.</returns>
    public static string Cause(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? message;
    }

    private static ModuleCompilation Fail(string hash, ModuleCompileReasonCode reason, string message) => new(null, hash, reason, message);
}
