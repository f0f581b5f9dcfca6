namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>What a job computes; the wire names are in <see cref="JobKinds"/>.</summary>
public enum JobKind
{
    /// <summary><c>pow</c>: a proof-of-work nonce search split into <c>pow.sha256</c> tasks.</summary>
    Pow = 1,

    /// <summary><c>montecarlo-pi</c>: a Monte Carlo estimate of π split into <c>mc.pi</c> tasks.</summary>
    MonteCarloPi = 2,

    /// <summary><c>primes</c>: a prime count over a range split into <c>primes.count</c> tasks.</summary>
    Primes = 3,

    /// <summary><c>wasm-map</c>: one WebAssembly module mapped over many inputs on gateways.</summary>
    WasmMap = 4,

    /// <summary><c>sensor-query</c>: a data-local WebAssembly query run on each gateway holding the region's data.</summary>
    SensorQuery = 5,
}
