using EdgeCompute.Coordinator.Api.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Tests;
using SkiaSharp;

namespace EdgeCompute.Coordinator.Tests.Api;

public sealed class EscapeTimePngTests
{
    [Fact]
    public void A_png_decodes_to_the_colour_of_every_pixel()
    {
        var random = new Random(TestSeed.Pick(5201));
        var pixels = new byte[37 * 23];
        random.NextBytes(pixels);

        using var decoded = SKBitmap.Decode(EscapeTimePng.Encode(new GrayImage(37, 23, pixels)));

        Assert.Equal((37, 23), (decoded.Width, decoded.Height));
        for (var i = 0; i < pixels.Length; i++)
        {
            Assert.Equal(EscapeTimePng.ColourOf(pixels[i]), decoded.GetPixel(i % 37, i / 37));
        }
    }

    [Fact]
    public void Inside_the_set_is_black_and_lightness_rises_with_the_escape_time()
    {
        Assert.Equal(SKColors.Black, EscapeTimePng.ColourOf(0));
        var previous = 0.0;
        for (var gray = 1; gray <= 255; gray++)
        {
            var lightness = Lightness(EscapeTimePng.ColourOf((byte)gray));
            Assert.True(lightness >= previous - 1, $"gray {gray}: lightness {lightness:F1} fell below {previous:F1}");
            previous = Math.Max(previous, lightness);
        }
    }

    [Fact]
    public void Points_that_escape_within_a_few_iterations_are_not_near_black()
    {
        // the demo renders 64 iterations: a point escaping after 3 has gray 255·3/64 = 11, nearly black on a linear gray scale
        Assert.True(Lightness(EscapeTimePng.ColourOf(11)) > 60, $"lightness {Lightness(EscapeTimePng.ColourOf(11)):F1}");
        Assert.True(Lightness(EscapeTimePng.ColourOf(255)) > 200);
    }

    [Fact]
    public void A_one_pixel_image_is_a_valid_png()
    {
        using var decoded = SKBitmap.Decode(EscapeTimePng.Encode(new GrayImage(1, 1, [200])));

        Assert.Equal(EscapeTimePng.ColourOf(200), decoded.GetPixel(0, 0));
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(3, 2, 5)]
    [InlineData(-1, 2, 0)]
    public void An_image_whose_size_and_pixels_disagree_is_refused(int width, int height, int pixels)
    {
        Assert.Throws<ArgumentException>(() => EscapeTimePng.Encode(new GrayImage(width, height, new byte[pixels])));
    }

    private static double Lightness(SKColor c) => (0.2126 * c.Red) + (0.7152 * c.Green) + (0.0722 * c.Blue);
}
