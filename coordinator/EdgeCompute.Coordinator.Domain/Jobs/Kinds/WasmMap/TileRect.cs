namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;

/// <summary>A rectangle of an image, in pixels.</summary>
/// <param name="X">The left column.</param>
/// <param name="Y">The top row.</param>
/// <param name="Width">Columns, at least 1.</param>
/// <param name="Height">Rows, at least 1.</param>
public sealed record TileRect(int X, int Y, int Width, int Height)
{
    /// <summary>Pixels in the tile (the length of its output).</summary>
    public long Area => (long)Width * Height;
}
