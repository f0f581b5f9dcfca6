using System.Buffers.Binary;
using System.Text.Json.Nodes;

namespace EdgeCompute.Examples.Mandelbrot;

/// <summary>
/// The <c>wasm-map</c> spec of a Mandelbrot image, as the API's <c>WasmMapJobSpec</c> schema describes it: the module,
/// one input per tile (x0, y0, width, height, image width, image height, iterations as little-endian int32, the ABI of
/// <c>examples/mandelbrot.wat</c>), and the layout that assembles the tiles' outputs into the image.
/// </summary>
internal static class MandelbrotSpec
{
    public static JsonObject Create(byte[] module, int width, int height, int tile, int iterations)
    {
        var inputs = new JsonArray();
        var tiles = new JsonArray();
        for (var y = 0; y < height; y += tile)
        {
            for (var x = 0; x < width; x += tile)
            {
                int w = Math.Min(tile, width - x), h = Math.Min(tile, height - y);
                tiles.Add(new JsonObject { ["x"] = x, ["y"] = y, ["width"] = w, ["height"] = h });
                inputs.Add(Convert.ToBase64String(Input(x, y, w, h, width, height, iterations)));
            }
        }

        return new JsonObject
        {
            ["kind"] = "wasm-map",
            ["module"] = Convert.ToBase64String(module),
            ["inputs"] = inputs,
            ["fuel"] = 50_000_000,
            ["memoryBytes"] = 1 << 20,
            ["image"] = new JsonObject { ["width"] = width, ["height"] = height, ["tiles"] = tiles },
        };
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
