using EdgeCompute.Wasm.Host;

namespace EdgeCompute.Gateway.EdgeTasks;

/// <summary>The outcome of finding or compiling a module: the module, or why there is none.</summary>
/// <param name="Module">The compiled module; null on failure.</param>
/// <param name="Hash">The SHA-256 of the bytes (or the requested hash), lowercase hex.</param>
/// <param name="CacheHit">True when the module came from the cache.</param>
/// <param name="Failure">The reason code of a failure (<see cref="EdgeTaskReasonCode.Malformed"/> or <see cref="EdgeTaskReasonCode.BadInput"/>).</param>
/// <param name="Message">The failure's description.</param>
internal sealed record ModuleLookup(CompiledModule? Module, string Hash, bool CacheHit, EdgeTaskReasonCode Failure, string Message);
