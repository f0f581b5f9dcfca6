using EdgeCompute.Coordinator.Api.Jobs;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;
using EdgeCompute.Coordinator.Domain.Jobs;

namespace EdgeCompute.Cli.Demo;

/// <summary>
/// The epoch's reward distribution as a PNG bar chart: one bar per owner, largest first, height proportional to the
/// payout; a thin line marks an equal share. Grayscale, no text (the console table and the JSON carry the numbers).
/// </summary>
internal static class RewardChart
{
    private const int Width = 640, Height = 320, Margin = 20;

    public static byte[] Encode(IReadOnlyList<PayoutLine> payouts)
    {
        var pixels = new byte[Width * Height];
        Array.Fill(pixels, (byte)255);
        var amounts = payouts.Select(p => p.Amount).Where(a => a > 0).OrderDescending().ToArray();
        if (amounts.Length > 0)
        {
            var max = (double)amounts[0];
            var slot = (Width - (2 * Margin)) / amounts.Length;
            var bar = Math.Max(1, slot * 3 / 4);
            for (var i = 0; i < amounts.Length; i++)
            {
                var h = (int)Math.Round((Height - (2 * Margin)) * amounts[i] / max);
                Fill(pixels, Margin + (i * slot), Height - Margin - h, bar, h, 60);
            }

            var equal = amounts.Sum() / (double)amounts.Length;
            Fill(pixels, Margin, Height - Margin - (int)Math.Round((Height - (2 * Margin)) * equal / max), Width - (2 * Margin), 1, 170);
        }

        Fill(pixels, Margin, Height - Margin, Width - (2 * Margin), 1, 0);
        return GrayImagePng.Encode(new GrayImage(Width, Height, pixels));
    }

    private static void Fill(byte[] pixels, int x, int y, int w, int h, byte value)
    {
        for (var row = Math.Max(0, y); row < Math.Min(Height, y + h); row++)
        {
            Array.Fill(pixels, value, (row * Width) + Math.Max(0, x), Math.Max(0, Math.Min(Width, x + w) - Math.Max(0, x)));
        }
    }
}
