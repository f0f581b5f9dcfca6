using EdgeCompute.Coordinator.Domain.Jobs;
using SkiaSharp;

namespace EdgeCompute.Coordinator.Api.Jobs;

/// <summary>
/// Encodes a <see cref="GrayImage"/> of escape times (0 inside the set, otherwise <c>255·n/max</c>, as the Mandelbrot
/// example writes them) as a colour PNG a person can see: gray 0 stays black, every other level goes through a
/// logarithmic stretch — most points escape within a few iterations, so a linear gray scale is nearly black — and
/// ScottPlot's Inferno colour map, whose lightness rises with the value. SkiaSharp writes the PNG.
/// </summary>
public static class EscapeTimePng
{
    private static readonly SKColor[] Palette = BuildPalette();

    /// <summary>The PNG media type.</summary>
    public const string MediaType = "image/png";

    /// <summary>The colour a gray level is drawn in.</summary>
    /// <param name="gray">The level, 0 (inside the set) to 255.</param>
    /// <returns>The colour, opaque.</returns>
    public static SKColor ColourOf(byte gray) => Palette[gray];

    /// <summary>Encodes the image.</summary>
    /// <param name="image">The image: width and height at least 1, <c>Width × Height</c> pixels.</param>
    /// <returns>The PNG bytes (RGBA, 8 bits a channel).</returns>
    /// <exception cref="ArgumentException">An empty image, or a pixel count that does not match the size.</exception>
    public static byte[] Encode(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(image.Pixels);
        if (image.Width < 1 || image.Height < 1 || (long)image.Width * image.Height != image.Pixels.Length)
        {
            throw new ArgumentException($"a {image.Width}×{image.Height} image needs {(long)image.Width * image.Height} pixels, has {image.Pixels.Length}", nameof(image));
        }

        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var colours = new SKColor[image.Pixels.Length];
        for (var i = 0; i < colours.Length; i++)
        {
            colours[i] = Palette[image.Pixels[i]];
        }

        bitmap.Pixels = colours;
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static SKColor[] BuildPalette()
    {
        var map = new ScottPlot.Colormaps.Inferno();
        var palette = new SKColor[256];
        palette[0] = SKColors.Black;
        for (var gray = 1; gray < palette.Length; gray++)
        {
            // log stretch: level 1 lands at ~0.2 of the map, 255 at its bright end
            var position = 0.2 + (0.8 * Math.Log(gray) / Math.Log(255));
            var c = map.GetColor(position);
            palette[gray] = new SKColor(c.R, c.G, c.B);
        }

        return palette;
    }
}
