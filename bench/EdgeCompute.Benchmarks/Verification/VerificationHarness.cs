using System.Collections.Concurrent;

namespace EdgeCompute.Benchmarks.Verification;

/// <summary>
/// Runs every cheating strategy, and an honest fleet for the baseline overhead, under a kernel and a WebAssembly policy,
/// in parallel; each run is seeded from the one seed, so a seed repeats every figure whatever the thread order.
/// </summary>
internal static class VerificationHarness
{
    private static readonly JobColumn[] Columns = [JobColumn.Kernel, JobColumn.Wasm];

    /// <summary>The seed of one (column, strategy) run, derived from the harness's seed.</summary>
    public static int RunSeed(int seed, JobColumn column, CheatingStrategy strategy) =>
        unchecked((seed * 31) + ((int)column * 1_000_003) + ((int)strategy * 7_919));

    /// <summary>Runs both columns.</summary>
    /// <param name="seed">The harness's seed.</param>
    /// <param name="options">The size of each run.</param>
    /// <param name="kernel">The kernel column's policy.</param>
    /// <param name="wasm">The WebAssembly column's policy.</param>
    /// <param name="strategies">The strategies to run (all by default); the others are absent from the result.</param>
    public static HarnessResult Run(int seed, SimulationOptions options, PolicySetting kernel, PolicySetting wasm, IReadOnlyList<CheatingStrategy>? strategies = null)
    {
        strategies ??= StrategyNames.Cheating;
        var runs = Columns.SelectMany(c => strategies.Prepend(CheatingStrategy.Honest).Select(s => (Column: c, Strategy: s))).ToList();
        var figures = new ConcurrentDictionary<(JobColumn, CheatingStrategy), StrategyFigures>();
        Parallel.ForEach(runs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, run =>
        {
            var setting = run.Column == JobColumn.Kernel ? kernel : wasm;
            var runOptions = run.Strategy == CheatingStrategy.Honest ? options with { CheaterShare = 0, Trials = 0 } : options;
            var tally = new FleetSimulation(run.Column, setting, run.Strategy, runOptions, RunSeed(seed, run.Column, run.Strategy)).Run();
            figures[(run.Column, run.Strategy)] = StrategyFigures.Of(tally);
        });
        return new HarnessResult(
            Columns.ToDictionary(c => c, c => (IReadOnlyDictionary<CheatingStrategy, StrategyFigures>)strategies.ToDictionary(s => s, s => figures[(c, s)])),
            Columns.ToDictionary(c => c, c => figures[(c, CheatingStrategy.Honest)].Overhead));
    }
}
