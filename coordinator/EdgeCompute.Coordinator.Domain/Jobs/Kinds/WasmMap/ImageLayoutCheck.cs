using EdgeCompute.Protocol.Batches;

namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;

/// <summary>Checks that an <see cref="ImageLayout"/>'s tiles cover its image exactly once.</summary>
internal static class ImageLayoutCheck
{
    /// <summary>Returns the failed check, or null when the layout is sound for <paramref name="inputs"/> inputs.</summary>
    public static JobSpecCheck? Check(ImageLayout image, int inputs)
    {
        if (image.Width < 1 || image.Height < 1)
        {
            return JobSpecCheck.Fail("image", $"the image must be at least 1 × 1, found {image.Width} × {image.Height}");
        }

        var pixels = (long)image.Width * image.Height;
        if (pixels > WasmMapJobKind.MaxImagePixels)
        {
            return JobSpecCheck.Fail("image", $"the image has {pixels} pixels; at most {WasmMapJobKind.MaxImagePixels}");
        }

        if (image.Tiles is null)
        {
            return JobSpecCheck.Fail("image.tiles", "tiles are missing");
        }

        if (image.Tiles.Count != inputs)
        {
            return JobSpecCheck.Fail("image.tiles", $"{image.Tiles.Count} tiles for {inputs} inputs; there must be one tile per input");
        }

        var area = 0L;
        for (var i = 0; i < image.Tiles.Count; i++)
        {
            var tile = image.Tiles[i];
            var field = $"image.tiles[{i}]";
            if (tile is null)
            {
                return JobSpecCheck.Fail(field, "the tile is missing");
            }

            if (tile.Width < 1 || tile.Height < 1)
            {
                return JobSpecCheck.Fail(field, $"a tile must be at least 1 × 1, found {tile.Width} × {tile.Height}");
            }

            if (tile.X < 0 || tile.Y < 0 || (long)tile.X + tile.Width > image.Width || (long)tile.Y + tile.Height > image.Height)
            {
                return JobSpecCheck.Fail(field, $"the tile {Describe(tile)} lies outside the {image.Width} × {image.Height} image");
            }

            if (tile.Area > GatewayTaskResultItem.MaxOutputBytes)
            {
                return JobSpecCheck.Fail(field, $"the tile has {tile.Area} pixels; a gateway returns at most {GatewayTaskResultItem.MaxOutputBytes} output bytes");
            }

            area += tile.Area;
        }

        return FirstOverlap(image.Tiles) is { } overlap
            ? JobSpecCheck.Fail($"image.tiles[{overlap.Second}]", $"the tile overlaps tile {overlap.First}; tiles must cover the image exactly once")
            : area != pixels
            ? JobSpecCheck.Fail("image.tiles", $"the tiles cover {area} of the image's {pixels} pixels; they must cover it exactly once")
            : null;
    }

    private static (int First, int Second)? FirstOverlap(IReadOnlyList<TileRect> tiles)
    {
        // Sorted by left column, a tile can only overlap the tiles that start before its right edge: a grid costs
        // one column of comparisons per tile rather than all pairs.
        var order = Enumerable.Range(0, tiles.Count).OrderBy(i => tiles[i].X).ThenBy(i => i).ToArray();
        (int First, int Second)? found = null;
        for (var a = 0; a < order.Length; a++)
        {
            var left = tiles[order[a]];
            for (var b = a + 1; b < order.Length && tiles[order[b]].X < left.X + left.Width; b++)
            {
                var right = tiles[order[b]];
                if (right.Y < left.Y + left.Height && left.Y < right.Y + right.Height)
                {
                    var pair = (Math.Min(order[a], order[b]), Math.Max(order[a], order[b]));
                    if (found is null || pair.CompareTo(found.Value) < 0)
                    {
                        found = pair;
                    }
                }
            }
        }

        return found;
    }

    private static string Describe(TileRect tile) => $"({tile.X}, {tile.Y}) {tile.Width} × {tile.Height}";
}
