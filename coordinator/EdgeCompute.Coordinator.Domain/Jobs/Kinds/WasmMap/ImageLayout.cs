namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;

/// <summary>
/// How the outputs of a <see cref="WasmMapJobSpec"/> assemble into an 8-bit grayscale image: output i is tile i,
/// <c>Width × Height</c> bytes row by row. The tiles cover the image exactly once.
/// </summary>
/// <param name="Width">Image columns.</param>
/// <param name="Height">Image rows.</param>
/// <param name="Tiles">One tile per input, in input order.</param>
public sealed record ImageLayout(int Width, int Height, IReadOnlyList<TileRect> Tiles);
