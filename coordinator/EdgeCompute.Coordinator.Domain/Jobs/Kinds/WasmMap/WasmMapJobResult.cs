namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;

/// <summary>A <c>wasm-map</c> result.</summary>
/// <param name="Outputs">
/// The outputs in input order when the spec has no image layout; empty when it has one (the tiles are in
/// <paramref name="Image"/>, and keeping both would store every pixel twice).
/// </param>
/// <param name="Image">The assembled image when the spec has an <see cref="ImageLayout"/>; null otherwise.</param>
/// <param name="OutputBlobs">
/// Null when every output is in <paramref name="Outputs"/>; otherwise one entry per output, in input order: the blob an
/// output too large for its batch item went to (its bytes are then empty in <paramref name="Outputs"/>; the submitter reads
/// them with <c>GET /api/blobs/{sha256}</c>), or null for an output held inline.
/// </param>
public sealed record WasmMapJobResult(IReadOnlyList<byte[]> Outputs, GrayImage? Image = null, IReadOnlyList<WasmMapOutputBlob?>? OutputBlobs = null) : JobResult
{
    /// <inheritdoc/>
    public override string Kind => WasmMapJobKind.KindName;
}
