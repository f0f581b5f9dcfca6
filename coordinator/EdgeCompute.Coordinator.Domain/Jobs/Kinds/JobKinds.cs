using EdgeCompute.Coordinator.Domain.Jobs.Kinds.MonteCarloPi;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Pow;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Primes;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.SensorQuery;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;

namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds;

/// <summary>The registered job kinds: one line each. A kind not listed here is refused by the validator and JSON.</summary>
public static class JobKinds
{
    /// <summary>Every kind this coordinator runs, in the order the CLI lists them.</summary>
    public static IReadOnlyList<IJobKind> All { get; } =
    [
        new PowJobKind(),
        new MonteCarloPiJobKind(),
        new PrimesJobKind(),
        new WasmMapJobKind(),
        new SensorQueryJobKind(),
    ];

    private static readonly Dictionary<string, IJobKind> ByName = All.ToDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>Every wire name, in <see cref="All"/> order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(k => k.Name)];

    /// <summary>Finds a kind by its wire name (exact, case-sensitive).</summary>
    /// <param name="name">The candidate name.</param>
    /// <param name="kind">The kind when registered.</param>
    /// <returns>Whether <paramref name="name"/> is registered.</returns>
    public static bool TryFind(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IJobKind? kind)
    {
        kind = null;
        return name is not null && ByName.TryGetValue(name, out kind);
    }

    /// <summary>The kind of a spec.</summary>
    /// <param name="spec">The spec.</param>
    /// <returns>Its kind.</returns>
    /// <exception cref="ArgumentException">The spec's kind is not registered, or registered with another spec type.</exception>
    public static IJobKind Of(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return TryFind(spec.Kind, out var kind) && kind.SpecType == spec.GetType()
            ? kind
            : throw new ArgumentException($"{spec.GetType().Name} ({spec.Kind}) is not a registered job kind", nameof(spec));
    }
}
