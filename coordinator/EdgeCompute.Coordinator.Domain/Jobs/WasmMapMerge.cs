namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>Merges <c>wasm-map</c> outputs: in input order, or assembled into the layout's image.</summary>
internal static class WasmMapMerge
{
    public static JobMergeResult Merge(WasmMapJobSpec map, TaskOutput[] outputs)
    {
        for (var i = 0; i < outputs.Length; i++)
        {
            if (outputs[i].Bytes is null || outputs[i].Kernel is not null)
            {
                return JobMerger.WrongType(i, "wasm output (bytes)");
            }
        }

        if (map.Image is not { } layout)
        {
            return JobMergeResult.Success(new WasmMapJobResult([.. outputs.Select(o => o.Bytes!.ToArray())], null));
        }

        var pixels = new byte[layout.Width * layout.Height];
        for (var i = 0; i < outputs.Length; i++)
        {
            var tile = layout.Tiles[i];
            var bytes = outputs[i].Bytes!;
            if (bytes.Length != tile.Area)
            {
                return JobMergeResult.Fail(JobMergeReasonCode.TileSizeMismatch, $"task {i} returned {bytes.Length} bytes; its {tile.Width} × {tile.Height} tile needs {tile.Area}");
            }

            for (var row = 0; row < tile.Height; row++)
            {
                bytes.AsSpan(row * tile.Width, tile.Width).CopyTo(pixels.AsSpan(((tile.Y + row) * layout.Width) + tile.X));
            }
        }

        return JobMergeResult.Success(new WasmMapJobResult([], new GrayImage(layout.Width, layout.Height, pixels)));
    }
}
