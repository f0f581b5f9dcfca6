namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;

/// <summary>A <c>wasm-map</c> result.</summary>
/// <param name="Outputs">
/// The outputs in input order when the spec has no image layout; empty when it has one (the tiles are in
/// <paramref name="Image"/>, and keeping both would store every pixel twice).
/// </param>
/// <param name="Image">The assembled image when the spec has an <see cref="ImageLayout"/>; null otherwise.</param>
public sealed record WasmMapJobResult(IReadOnlyList<byte[]> Outputs, GrayImage? Image = null) : JobResult
{
    /// <inheritdoc/>
    public override string Kind => WasmMapJobKind.KindName;
}
