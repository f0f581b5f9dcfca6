namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>An 8-bit grayscale image, row by row.</summary>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
/// <param name="Pixels"><c>Width × Height</c> bytes; pixel (x, y) is at <c>y · Width + x</c>.</param>
public sealed record GrayImage(int Width, int Height, byte[] Pixels);
