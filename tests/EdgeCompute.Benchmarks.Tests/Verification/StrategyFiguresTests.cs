using System.Text.Json;
using EdgeCompute.Benchmarks.Verification;

namespace EdgeCompute.Benchmarks.Tests.Verification;

public sealed class StrategyFiguresTests
{
    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        int?[] values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];

        Assert.Equal(5, StrategyFigures.Percentile(values, 0.5));
        Assert.Equal(10, StrategyFigures.Percentile(values, 0.99));
        Assert.Equal(1, StrategyFigures.Percentile(values, 0));
    }

    [Fact]
    public void A_percentile_among_the_never_caught_is_null()
    {
        int?[] values = [1, 2, 3, null];

        Assert.Equal(2, StrategyFigures.Percentile(values, 0.5));
        Assert.Null(StrategyFigures.Percentile(values, 0.99));
    }

    [Fact]
    public void The_json_line_holds_every_strategy_of_both_columns_with_the_named_figures()
    {
        var tally = new RunTally { Verified = 10, SettledIssued = 12, SettledVerified = 10 };
        tally.Trials.Add(new TrialRecord(3, 1, 2_000, 0, 0));
        tally.Trials.Add(new TrialRecord(null, null, 5_000, 0, 0));
        var figures = StrategyFigures.Of(tally);
        var column = StrategyNames.Cheating.ToDictionary(s => s, _ => figures);

        using var json = JsonDocument.Parse(VerificationReport.Json(new Dictionary<JobColumn, IReadOnlyDictionary<CheatingStrategy, StrategyFigures>>
        {
            [JobColumn.Kernel] = column,
            [JobColumn.Wasm] = column,
        }));

        Assert.Equal(["kernel", "wasm"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["always", "random10", "trustThenCheat", "colludingPair", "lazy"], json.RootElement.GetProperty("wasm").EnumerateObject().Select(p => p.Name));
        var always = json.RootElement.GetProperty("kernel").GetProperty("always");
        Assert.Equal(3, always.GetProperty("p50").GetInt32());
        Assert.Equal(JsonValueKind.Null, always.GetProperty("p999").ValueKind);
        Assert.Equal(0.5, always.GetProperty("neverCaught").GetDouble());
        Assert.Equal(7_000, always.GetProperty("rewardsToCheaters").GetInt64());
        Assert.Equal(0.2, always.GetProperty("overhead").GetDouble(), 6);
    }
}
