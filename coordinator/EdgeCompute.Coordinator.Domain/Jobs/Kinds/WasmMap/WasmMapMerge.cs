using EdgeCompute.Coordinator.Domain.Work;

namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;

/// <summary>Merges <c>wasm-map</c> outputs: in input order, or assembled into the layout's image.</summary>
internal static class WasmMapMerge
{
    public static JobMergeResult Merge(WasmMapJobSpec map, IReadOnlyList<TaskOutput> outputs)
    {
        for (var i = 0; i < outputs.Count; i++)
        {
            if (outputs[i].Bytes is null || outputs[i].Kernel is not null)
            {
                return JobMergeResult.WrongType(i, "wasm output (bytes)");
            }
        }

        var blobs = outputs.Select(o => WasmOutputReference.TryRead(o.Bytes, out var blob) ? new WasmMapOutputBlob(blob!.Sha256, (long)blob.Size) : null).ToList();
        var anyBlob = blobs.Any(b => b is not null);
        if (map.Image is not { } layout)
        {
            return JobMergeResult.Success(new WasmMapJobResult(
                [.. outputs.Select((o, i) => blobs[i] is null ? o.Bytes!.ToArray() : [])], null, anyBlob ? blobs : null));
        }

        if (blobs.FindIndex(b => b is not null) is var first and >= 0)
        {
            return JobMergeResult.Fail(JobMergeReasonCode.TileSizeMismatch, $"task {first} returned a {blobs[first]!.Size:N0}-byte blob; an image tile is assembled from inline outputs");
        }

        var pixels = new byte[layout.Width * layout.Height];
        for (var i = 0; i < outputs.Count; i++)
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
