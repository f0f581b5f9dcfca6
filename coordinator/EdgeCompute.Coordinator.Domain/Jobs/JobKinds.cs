namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>The wire names of <see cref="JobKind"/> (the <c>kind</c> of a job spec, the stored job kind).</summary>
public static class JobKinds
{
    /// <summary>The wire name of <see cref="JobKind.Pow"/>.</summary>
    public const string Pow = "pow";

    /// <summary>The wire name of <see cref="JobKind.MonteCarloPi"/>.</summary>
    public const string MonteCarloPi = "montecarlo-pi";

    /// <summary>The wire name of <see cref="JobKind.Primes"/>.</summary>
    public const string Primes = "primes";

    /// <summary>The wire name of <see cref="JobKind.WasmMap"/>.</summary>
    public const string WasmMap = "wasm-map";

    /// <summary>The wire name of <see cref="JobKind.SensorQuery"/>.</summary>
    public const string SensorQuery = "sensor-query";

    /// <summary>Every wire name, in <see cref="JobKind"/> order.</summary>
    public static IReadOnlyList<string> All { get; } = [Pow, MonteCarloPi, Primes, WasmMap, SensorQuery];

    /// <summary>The wire name of a kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>Its wire name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined kind.</exception>
    public static string Name(JobKind kind) => kind switch
    {
        JobKind.Pow => Pow,
        JobKind.MonteCarloPi => MonteCarloPi,
        JobKind.Primes => Primes,
        JobKind.WasmMap => WasmMap,
        JobKind.SensorQuery => SensorQuery,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a job kind."),
    };

    /// <summary>Reads a wire name (exact, case-sensitive).</summary>
    /// <param name="name">The candidate name.</param>
    /// <param name="kind">The kind when known; <see cref="JobKind.Pow"/> otherwise.</param>
    /// <returns>Whether the name is one of <see cref="All"/>.</returns>
    public static bool TryParse(string? name, out JobKind kind)
    {
        (var known, kind) = name switch
        {
            Pow => (true, JobKind.Pow),
            MonteCarloPi => (true, JobKind.MonteCarloPi),
            Primes => (true, JobKind.Primes),
            WasmMap => (true, JobKind.WasmMap),
            SensorQuery => (true, JobKind.SensorQuery),
            _ => (false, JobKind.Pow),
        };
        return known;
    }
}
