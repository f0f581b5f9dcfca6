using EdgeCompute.Cli.Demo;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;
using SkiaSharp;

namespace EdgeCompute.Cli.Tests.Demo;

/// <summary>
/// The reward chart's words and numbers are drawn, not only its bars: two charts that differ only in a label's text
/// must differ in that label's pixels (with no usable font both would render the same blank text), and nowhere else.
/// </summary>
public sealed class RewardChartTests
{
    private const long Pot = 10_000_000;
    private const int Cap = 2_000;

    private static readonly PayoutLine[] Payouts =
    [
        new("owner-01", 2_000_000), new("owner-02", 1_500_000), new("owner-03", 1_250_000), new("owner-04", 750_000),
    ];

    [Fact]
    public void The_same_payouts_draw_the_same_picture()
    {
        Assert.Equal(Pixels(RewardChart.Encode(0, Pot, Payouts, Cap)), Pixels(RewardChart.Encode(0, Pot, Payouts, Cap)));
    }

    [Fact]
    public void Owner_names_are_drawn_below_the_bars()
    {
        var renamed = Payouts.Select(p => p with { Owner = p.Owner.Replace("owner", "ABCDE", StringComparison.Ordinal) }).ToArray();

        var (below, above) = Differences(RewardChart.Encode(0, Pot, Payouts, Cap), RewardChart.Encode(0, Pot, renamed, Cap), RewardChart.Height * 3 / 4);

        Assert.True(below > 100, $"{below} pixels differ where the names are");
        Assert.Equal(0, above);
    }

    [Fact]
    public void Amounts_are_drawn_on_the_bars()
    {
        // one micro-unit more: the bar keeps its height in pixels, only its label (2 → 2.000001) changes
        var changed = Payouts.Select((p, i) => i == 0 ? p with { Amount = p.Amount + 1 } : p).ToArray();

        var before = Pixels(RewardChart.Encode(0, Pot, Payouts, Cap));
        var after = Pixels(RewardChart.Encode(0, Pot, changed, Cap));

        var differing = before.Zip(after).Count(pair => pair.First != pair.Second);
        Assert.True(differing > 30, $"{differing} pixels differ");
    }

    [Fact]
    public void The_share_cap_is_drawn_as_a_line_at_its_amount()
    {
        using var chart = SKBitmap.Decode(RewardChart.Encode(0, Pot, Payouts, Cap));
        using var lowerCap = SKBitmap.Decode(RewardChart.Encode(0, Pot, Payouts, 1_500));

        // the cap (2 units at 20% of 10, the top bar's height) is drawn in red; at 15% it moves down
        var capRow = RedRows(chart).ToArray();
        var lowerRow = RedRows(lowerCap).ToArray();
        Assert.NotEmpty(capRow);
        Assert.NotEmpty(lowerRow);
        Assert.True(lowerRow.Average() > capRow.Average() + 20, $"cap line at row {capRow.Average():F0}, lower cap at {lowerRow.Average():F0}");
    }

    [Fact]
    public void An_epoch_without_payouts_still_draws_axes_and_the_cap()
    {
        using var chart = SKBitmap.Decode(RewardChart.Encode(3, Pot, [], Cap));

        Assert.Equal((RewardChart.Width, RewardChart.Height), (chart.Width, chart.Height));
        Assert.NotEmpty(RedRows(chart));
    }

    private static IEnumerable<int> RedRows(SKBitmap bitmap)
    {
        for (var y = 0; y < bitmap.Height; y++)
        {
            var red = 0;
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red > 200 && c.Green < 80 && c.Blue < 80)
                {
                    red++;
                }
            }

            if (red > bitmap.Width / 4)
            {
                yield return y;
            }
        }
    }

    private static (int Below, int Above) Differences(byte[] first, byte[] second, int row)
    {
        using var a = SKBitmap.Decode(first);
        using var b = SKBitmap.Decode(second);
        int below = 0, above = 0;
        for (var y = 0; y < a.Height; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                if (a.GetPixel(x, y) != b.GetPixel(x, y))
                {
                    _ = y >= row ? below++ : above++;
                }
            }
        }

        return (below, above);
    }

    private static SKColor[] Pixels(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        return bitmap.Pixels;
    }
}
