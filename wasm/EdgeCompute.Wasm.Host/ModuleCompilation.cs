namespace EdgeCompute.Wasm.Host;

/// <summary>The outcome of compiling a module: the compiled module, or why there is none.</summary>
/// <param name="Module">The compiled module; null unless <see cref="ReasonCode"/> is <see cref="ModuleCompileReasonCode.Ok"/>.</param>
/// <param name="Hash">The SHA-256 of the bytes, lowercase hex (empty for no bytes; the expected hash when the bytes were too large).</param>
/// <param name="ReasonCode">The reason code.</param>
/// <param name="Message">One line for people naming the problem; empty on success.</param>
public sealed record ModuleCompilation(CompiledModule? Module, string Hash, ModuleCompileReasonCode ReasonCode, string Message)
{
    /// <summary>True when the module compiled and follows the host ABI.</summary>
    public bool IsSuccess => ReasonCode == ModuleCompileReasonCode.Ok;

    /// <summary>Gets the bytes of the module's exported memory minimum (0 when it did not compile), kept by <see cref="ModuleValidator"/> after it releases the code.</summary>
    public long InitialMemoryBytes { get; init; }
}
