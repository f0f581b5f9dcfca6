using System.Globalization;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;
using ScottPlot;

namespace EdgeCompute.Cli.Demo;

/// <summary>
/// The epoch's reward distribution as a PNG bar chart drawn by ScottPlot: one bar per paid owner, largest first, named
/// on the horizontal axis and labelled with its amount in units; the vertical axis in units; a red dashed line at
/// the share cap (an owner above it is dampened) and a gray dotted one at an equal share, named in the legend.
/// </summary>
internal static class RewardChart
{
    /// <summary>Width and height of the PNG in pixels.</summary>
    public const int Width = 800, Height = 450;

    private const double MicroUnitsPerUnit = 1_000_000;

    /// <summary>Draws the chart of an epoch's payouts.</summary>
    /// <param name="epochId">The epoch, for the title.</param>
    /// <param name="pot">The epoch's pot in micro-units (the cap is a share of it).</param>
    /// <param name="payouts">The statement's payout lines; lines of 0 are left out.</param>
    /// <param name="capBasisPoints">The policy's owner share cap.</param>
    /// <param name="retainedBasisPoints">
    /// The part of its excess an owner above the cap keeps (the policy's <c>ExcessRetainedBasisPoints</c>), so a bar may
    /// stand above the cap line by that much; the legend says so.
    /// </param>
    /// <returns>The PNG bytes.</returns>
    public static byte[] Encode(long epochId, long pot, IReadOnlyList<PayoutLine> payouts, int capBasisPoints, int retainedBasisPoints = 0)
    {
        ArgumentNullException.ThrowIfNull(payouts);
        var paid = payouts.Where(p => p.Amount > 0).OrderByDescending(p => p.Amount).ThenBy(p => p.Owner, StringComparer.Ordinal).ToArray();
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans"); // scripts/test.sh installs it (fonts-dejavu-core); ScottPlot falls back to a system font
        var totalPaid = paid.Sum(p => p.Amount);
        plot.Title($"Epoch {epochId}: {Units(totalPaid)} units paid to {paid.Length} owners");
        plot.YLabel("units paid");
        plot.XLabel("owner");
        var bars = paid.Select((p, i) => new Bar
        {
            Position = i,
            Value = p.Amount / MicroUnitsPerUnit,
            Label = (p.Amount / (decimal)MicroUnitsPerUnit).ToString("0.##", CultureInfo.InvariantCulture), // the title and the statement carry every micro-unit
            FillColor = Colors.SteelBlue,
        }).ToArray();
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 12;
        plot.Axes.Bottom.SetTicks([.. paid.Select((_, i) => (double)i)], [.. paid.Select(p => p.Owner)]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        if (paid.Length > 10)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        }

        var cap = (double)((Int128)pot * capBasisPoints / 10_000) / MicroUnitsPerUnit;
        var capLine = plot.Add.HorizontalLine(cap, 2, Colors.Red, LinePattern.Dashed);
        capLine.LegendText = $"share cap: {Percent(capBasisPoints)} of the pot = {cap.ToString("0.######", CultureInfo.InvariantCulture)} units"
            + (retainedBasisPoints > 0 ? $" (above it an owner keeps {Percent(retainedBasisPoints)} of its excess)" : "");
        if (paid.Length > 0)
        {
            var equal = plot.Add.HorizontalLine(totalPaid / MicroUnitsPerUnit / paid.Length, 1, Colors.Gray, LinePattern.Dotted);
            equal.LegendText = "equal share";
        }

        var top = Math.Max(cap, paid.Length > 0 ? paid[0].Amount / MicroUnitsPerUnit : 1);
        plot.Axes.SetLimits(-0.6, Math.Max(0.6, paid.Length - 0.4), 0, top * 1.3); // room for the amounts and the legend
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static string Percent(int basisPoints) => (basisPoints / 100.0).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string Units(long microUnits) => (microUnits / (decimal)MicroUnitsPerUnit).ToString("0.######", CultureInfo.InvariantCulture);
}
