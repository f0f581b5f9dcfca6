using EdgeCompute.Coordinator.Api.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Tests;

namespace EdgeCompute.Coordinator.Tests.Api;

public sealed class GrayImagePngTests
{
    [Fact]
    public void A_png_decodes_back_to_the_same_pixels()
    {
        var random = new Random(TestSeed.Pick(5201));
        var pixels = new byte[37 * 23];
        random.NextBytes(pixels.AsSpan(0, pixels.Length / 2));
        for (var i = pixels.Length / 2; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i % 37 * 5); // smooth half: Sub, Up and Paeth win there
        }

        var png = GrayImagePng.Encode(new GrayImage(37, 23, pixels));
        var decoded = PngTestDecoder.Decode(png);

        Assert.Equal((37, 23), (decoded.Width, decoded.Height));
        Assert.Equal(pixels, decoded.Pixels);
        Assert.Equal(["IHDR", "IDAT", "IEND"], decoded.Chunks);
    }

    [Fact]
    public void A_one_pixel_image_is_a_valid_png()
    {
        var decoded = PngTestDecoder.Decode(GrayImagePng.Encode(new GrayImage(1, 1, [200])));

        Assert.Equal(new byte[] { 200 }, decoded.Pixels);
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(3, 2, 5)]
    [InlineData(-1, 2, 0)]
    public void An_image_whose_size_and_pixels_disagree_is_refused(int width, int height, int pixels)
    {
        Assert.Throws<ArgumentException>(() => GrayImagePng.Encode(new GrayImage(width, height, new byte[pixels])));
    }
}
