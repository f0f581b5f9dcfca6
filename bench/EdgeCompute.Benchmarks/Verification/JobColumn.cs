namespace EdgeCompute.Benchmarks.Verification;

/// <summary>The two kinds of job the harness measures: device kernels and gateway WebAssembly modules.</summary>
internal enum JobColumn
{
    /// <summary>A device kernel (<c>primes.count</c>) run by the firmware core's code.</summary>
    Kernel = 0,

    /// <summary>A WebAssembly task run by gateways, which the coordinator can re-execute itself.</summary>
    Wasm,
}
