using EdgeCompute.Wasm.Host;

namespace EdgeCompute.Gateway.EdgeTasks;

/// <summary>One WebAssembly edge task: a module (content-addressed by SHA-256), its input and its limits.</summary>
/// <param name="TaskId">The task id, echoed in the result.</param>
/// <param name="ModuleBytes">The module's binary bytes; may be empty when <paramref name="ModuleHash"/> names a cached module.</param>
/// <param name="Input">The input bytes handed to <c>run</c>.</param>
/// <param name="ModuleHash">The expected SHA-256 of the module (64 lowercase hex digits); bytes that hash otherwise are refused.</param>
/// <param name="Limits">Fuel, memory, deadline and buffer limits; null for the pool's defaults.</param>
public sealed record EdgeTaskRequest(
    string TaskId,
    ReadOnlyMemory<byte> ModuleBytes,
    ReadOnlyMemory<byte> Input,
    string? ModuleHash = null,
    EdgeTaskLimits? Limits = null);
