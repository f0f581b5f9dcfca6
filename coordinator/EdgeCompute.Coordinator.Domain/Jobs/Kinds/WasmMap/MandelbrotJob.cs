using System.Buffers.Binary;

namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;

/// <summary>Builds <c>wasm-map</c> jobs for the Mandelbrot module (examples/mandelbrot.md).</summary>
public static class MandelbrotJob
{
    /// <summary>The most iterations the module accepts.</summary>
    public const int MaxIterations = 1_000_000;

    /// <summary>
    /// Splits a <paramref name="width"/> × <paramref name="height"/> image into tiles of at most
    /// <paramref name="tileWidth"/> × <paramref name="tileHeight"/> pixels, row of tiles by row of tiles, left to right
    /// (edge tiles are narrower or shorter). Each input is seven little-endian i32: x0, y0, tile width, tile height,
    /// image width, image height, max iterations.
    /// </summary>
    /// <param name="module">The mandelbrot module's bytes.</param>
    /// <param name="width">Image columns, at least 1.</param>
    /// <param name="height">Image rows, at least 1.</param>
    /// <param name="tileWidth">Tile columns, at least 1.</param>
    /// <param name="tileHeight">Tile rows, at least 1.</param>
    /// <param name="maxIterations">Iterations per pixel, 1 to <see cref="MaxIterations"/>.</param>
    /// <param name="fuel">Fuel per tile.</param>
    /// <param name="memoryBytes">Linear memory limit per tile.</param>
    /// <returns>The spec with its <see cref="ImageLayout"/>; <see cref="JobSpecValidator"/> still checks fuel, memory and sizes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size or the iterations are out of range, or the image needs more than <see cref="JobLimits.MaxTasksPerJob"/> tiles.</exception>
    public static WasmMapJobSpec Create(byte[] module, int width, int height, int tileWidth, int tileHeight, int maxIterations, ulong fuel, ulong memoryBytes)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tileWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tileHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxIterations, MaxIterations);
        var columns = ((long)width + tileWidth - 1) / tileWidth;
        var rows = ((long)height + tileHeight - 1) / tileHeight;
        if (columns * rows > JobLimits.MaxTasksPerJob)
        {
            throw new ArgumentOutOfRangeException(nameof(tileWidth), $"{columns} × {rows} tiles exceed {JobLimits.MaxTasksPerJob} tasks per job.");
        }

        var inputs = new List<byte[]>((int)(columns * rows));
        var tiles = new List<TileRect>(inputs.Capacity);
        for (var y0 = 0; y0 < height; y0 += Math.Min(tileHeight, height - y0))
        {
            var h = Math.Min(tileHeight, height - y0);
            for (var x0 = 0; x0 < width; x0 += Math.Min(tileWidth, width - x0))
            {
                var w = Math.Min(tileWidth, width - x0);
                tiles.Add(new TileRect(x0, y0, w, h));
                inputs.Add(Input(x0, y0, w, h, width, height, maxIterations));
            }
        }

        return new WasmMapJobSpec(module, inputs, fuel, memoryBytes, new ImageLayout(width, height, tiles));
    }

    private static byte[] Input(params ReadOnlySpan<int> fields)
    {
        var input = new byte[fields.Length * 4];
        for (var i = 0; i < fields.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(input.AsSpan(i * 4), fields[i]);
        }

        return input;
    }
}
