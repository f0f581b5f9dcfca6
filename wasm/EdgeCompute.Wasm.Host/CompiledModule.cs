using Wasmtime;

namespace EdgeCompute.Wasm.Host;

/// <summary>A compiled module that follows the host ABI, with its SHA-256 and initial memory.</summary>
/// <param name="Hash">The SHA-256 of the module bytes, lowercase hex.</param>
/// <param name="Module">The compiled module.</param>
/// <param name="InitialMemoryBytes">The bytes of the exported memory's minimum.</param>
public sealed record CompiledModule(string Hash, Module Module, long InitialMemoryBytes);
