using System.Diagnostics;
using System.Globalization;

namespace EdgeCompute.Benchmarks.Verification;

/// <summary>
/// <c>verification</c>: how fast the verification policies catch named cheating strategies and what they cost, over
/// simulated nodes driving the coordinator's own domain code. Prints a table per job column and, last, one JSON line.
/// Exit codes: 0 ok, 64 bad arguments.
/// </summary>
internal static class VerificationCommand
{
    public const string Name = "verification";

    public static int Run(string[] args, TextWriter output)
    {
        VerificationArgs parsed;
        try
        {
            parsed = VerificationArgs.Parse(args.AsSpan(1));
        }
        catch (ArgumentException e)
        {
            output.WriteLine($"{Name}: {e.Message}");
            output.WriteLine($"usage: {Name} [--seed N] [--tasks N] [--trials N] [--nodes N] [--horizon N] [--trust-after N] [--spot-check R] [--replicas N] " +
                $"[--wasm quorum|adaptive|sampled] [--reexec R] [--kernel-reexec R] [--sweep {string.Join('|', VerificationArgs.Sweepable)} --values A,B,...]");
            return 64;
        }

        var o = parsed.Options;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"verification: seed {parsed.Seed}, {o.Nodes} nodes ({o.CheaterSlots} cheating at a time), at least {o.Tasks:N0} verified tasks and {o.Trials:N0} cheater trials per strategy, horizon {o.Horizon} assignments, {o.AfterCatch} assignments after a catch, overhead after round {o.SettleRounds}, {FleetSimulation.RewardPerResult:N0} micro-units per paid result, {Environment.ProcessorCount} cores"));
        var clock = Stopwatch.StartNew();
        if (parsed.Sweep is { } sweep)
        {
            RunSweep(parsed, sweep, output);
        }
        else
        {
            var results = VerificationHarness.Run(parsed.Seed, o, parsed.Kernel, parsed.Wasm);
            VerificationReport.WriteTable(output, JobColumn.Kernel, parsed.Kernel, results.Figures[JobColumn.Kernel], results.HonestOverhead[JobColumn.Kernel]);
            VerificationReport.WriteTable(output, JobColumn.Wasm, parsed.Wasm, results.Figures[JobColumn.Wasm], results.HonestOverhead[JobColumn.Wasm]);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"p50/p99/p999: tasks a cheater completed before it was caught; p999*: completed after its first wrong answer; '-': not caught at that rank; {clock.Elapsed.TotalSeconds:F0} s"));
            output.WriteLine(VerificationReport.Json(results.Figures));
        }

        return 0;
    }

    private static void RunSweep(VerificationArgs parsed, string sweep, TextWriter output)
    {
        output.WriteLine($"sweep of {sweep}: per column, the settled overhead of an honest fleet and the largest over the strategies and the worst p999 over the strategies that ever cheat in their first 20 tasks (always, trustThenCheat, colludingPair); each value is a full run");
        output.WriteLine("  value    column  honest overhead  overhead  p999 always  p999 trustThenCheat  p999 colludingPair  p999 random10  p999* random10  p999* trustThenCheat  wrong paid  wrong paid after detection");
        var rows = new List<string>();
        foreach (var value in parsed.Values)
        {
            var (kernel, wasm) = parsed.With(value);
            var results = VerificationHarness.Run(parsed.Seed, parsed.Options, kernel, wasm, [.. StrategyNames.Cheating.Where(s => s != CheatingStrategy.Lazy)]);
            foreach (var (column, figures) in results.Figures.OrderBy(r => r.Key))
            {
                var honest = results.HonestOverhead[column];
                var overhead = figures.Values.Max(f => f.Overhead);
                string P(CheatingStrategy s) => figures[s].P999?.ToString(CultureInfo.InvariantCulture) ?? "-";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {value,-8} {StrategyNames.Of(column),-7} {honest,15:P1} {overhead,9:P1} {P(CheatingStrategy.Always),12} {P(CheatingStrategy.TrustThenCheat),20} {P(CheatingStrategy.ColludingPair),19} {P(CheatingStrategy.Random10),14} {figures[CheatingStrategy.Random10].P999AfterFirstWrong?.ToString(CultureInfo.InvariantCulture) ?? "-",15} {figures[CheatingStrategy.TrustThenCheat].P999AfterFirstWrong?.ToString(CultureInfo.InvariantCulture) ?? "-",21} {figures.Values.Sum(f => f.RewardsToCheaters),11:N0} {figures.Values.Sum(f => f.RewardsAfterDetection),27:N0}"));
                rows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"value\":{value},\"column\":\"{StrategyNames.Of(column)}\",\"honestOverhead\":{Math.Round(honest, 4)},\"overhead\":{Math.Round(overhead, 4)},\"json\":{VerificationReport.Json(new Dictionary<JobColumn, IReadOnlyDictionary<CheatingStrategy, StrategyFigures>> { [column] = figures })}}}"));
            }
        }

        output.WriteLine($"{{\"sweep\":\"{sweep}\",\"points\":[{string.Join(',', rows)}]}}");
    }
}
