using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EdgeCompute.Benchmarks.Verification;

/// <summary>Writes the harness's table for people and its one-line JSON.</summary>
internal static class VerificationReport
{
    /// <summary>One line per strategy.</summary>
    public static void WriteTable(TextWriter output, JobColumn column, PolicySetting setting, IReadOnlyDictionary<CheatingStrategy, StrategyFigures> figures,
        double honestOverhead)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{StrategyNames.Of(column)}: {setting}; overhead of an honest fleet {honestOverhead:P1}"));
        output.WriteLine("  strategy          trials  p50   p99   p999  p999*  never   overhead  wrong paid   wrong paid after  paid after  honest penalised     tasks  rounds  pairs  suspect re-exec");
        foreach (var strategy in StrategyNames.Cheating)
        {
            var f = figures[strategy];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {StrategyNames.Of(strategy),-16} {f.Trials,6} {N(f.P50),5} {N(f.P99),5} {N(f.P999),5} {N(f.P999AfterFirstWrong),6} {f.NeverCaught,6:P1} {f.Overhead,9:P1} {f.RewardsToCheaters,11:N0} {f.RewardsAfterDetection,17:N0} {f.PaidAfterDetection,11:N0} {f.HonestPenalised,17:N0} {f.Tasks,9:N0} {f.Rounds,7:N0} {f.PairsDetected,6:N0} {f.SuspectReExecutions,16:N0}"));
        }
    }

    /// <summary>The JSON object <c>{"kernel": {STRATEGY: {...}}, "wasm": {...}}</c>.</summary>
    public static string Json(IReadOnlyDictionary<JobColumn, IReadOnlyDictionary<CheatingStrategy, StrategyFigures>> results)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            foreach (var (column, figures) in results.OrderBy(r => r.Key))
            {
                json.WriteStartObject(StrategyNames.Of(column));
                foreach (var strategy in StrategyNames.Cheating.Where(figures.ContainsKey))
                {
                    Write(json, StrategyNames.Of(strategy), figures[strategy]);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter json, string name, StrategyFigures f)
    {
        json.WriteStartObject(name);
        Int(json, "p50", f.P50);
        Int(json, "p99", f.P99);
        Int(json, "p999", f.P999);
        json.WriteNumber("neverCaught", Math.Round(f.NeverCaught, 4));
        json.WriteNumber("rewardsToCheaters", f.RewardsToCheaters);
        json.WriteNumber("overhead", Math.Round(f.Overhead, 4));
        Int(json, "p999AfterFirstWrong", f.P999AfterFirstWrong);
        json.WriteNumber("rewardsAfterDetection", f.RewardsAfterDetection);
        json.WriteNumber("trials", f.Trials);
        json.WriteEndObject();
    }

    private static void Int(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string N(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
