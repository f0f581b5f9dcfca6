namespace EdgeCompute.Benchmarks.Verification;

/// <summary>The strategies the harness reports, with the names its JSON uses.</summary>
internal static class StrategyNames
{
    /// <summary>The cheating strategies, in report order.</summary>
    public static IReadOnlyList<CheatingStrategy> Cheating { get; } =
        [CheatingStrategy.Always, CheatingStrategy.Random10, CheatingStrategy.TrustThenCheat, CheatingStrategy.ColludingPair, CheatingStrategy.Lazy];

    /// <summary>The JSON name of a strategy.</summary>
    public static string Of(CheatingStrategy strategy) => strategy switch
    {
        CheatingStrategy.Always => "always",
        CheatingStrategy.Random10 => "random10",
        CheatingStrategy.TrustThenCheat => "trustThenCheat",
        CheatingStrategy.ColludingPair => "colludingPair",
        CheatingStrategy.Lazy => "lazy",
        _ => "honest",
    };

    /// <summary>The JSON name of a column.</summary>
    public static string Of(JobColumn column) => column == JobColumn.Kernel ? "kernel" : "wasm";
}
