namespace EdgeCompute.Gateway.Tests.EdgeTasks;

/// <summary>The same Q24 fixed-point algorithm as examples/mandelbrot.wat, in C#, for byte-for-byte comparison.</summary>
internal static class MandelbrotReference
{
    public static byte[] Render(int x0, int y0, int width, int height, int imageWidth, int imageHeight, int maxIterations)
    {
        var tile = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var ci = -20_971_520L + ((long)(y0 + y) * 41_943_040L / imageHeight); // -1.25 + 2.5 * py / ih
            for (var x = 0; x < width; x++)
            {
                var cr = -41_943_040L + ((long)(x0 + x) * 58_720_256L / imageWidth); // -2.5 + 3.5 * px / iw
                var n = Escape(cr, ci, maxIterations);
                tile[(y * width) + x] = n >= maxIterations ? (byte)0 : (byte)(unchecked((uint)n * 255u) / (uint)maxIterations);
            }
        }

        return tile;
    }

    private static int Escape(long cr, long ci, int maxIterations)
    {
        long zr = 0, zi = 0;
        var n = 0;
        while (n < maxIterations)
        {
            var zr2 = (zr * zr) >> 24;
            var zi2 = (zi * zi) >> 24;
            if (zr2 + zi2 > 4L << 24)
            {
                break;
            }

            zi = ((zr * zi) >> 23) + ci;
            zr = zr2 - zi2 + cr;
            n++;
        }

        return n;
    }
}
