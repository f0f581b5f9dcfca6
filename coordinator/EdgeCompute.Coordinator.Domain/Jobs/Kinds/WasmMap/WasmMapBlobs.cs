namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;

/// <summary>The blobs a by-hash <see cref="WasmMapJobSpec"/> names, as the blob store holds them at submit.</summary>
/// <param name="Module">The module's bytes (compiled at submit).</param>
/// <param name="InputSizes">Each input's size in bytes, in input order.</param>
/// <param name="SmallInputs">
/// The bytes of the inputs of at most <see cref="Blobs.BlobLimits.MaxInlineInputBytes"/>, by hash: they travel inline in
/// their assignments, so no gateway fetches them. Null or empty: every input goes by hash.
/// </param>
public sealed record WasmMapBlobs(byte[] Module, IReadOnlyList<long> InputSizes, IReadOnlyDictionary<string, byte[]>? SmallInputs = null);
