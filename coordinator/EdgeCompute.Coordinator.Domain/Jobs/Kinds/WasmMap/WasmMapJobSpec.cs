using System.Text.Json.Serialization;

namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;

/// <summary>
/// Runs one WebAssembly module (docs/wasm-abi.md) over many inputs, one gateway task per input. Two forms: inline
/// (<paramref name="Module"/> and <paramref name="Inputs"/> as base64; the module travels in every <c>wasm</c> assignment,
/// so each must fit 2,048 bytes), or by hash (<see cref="ModuleSha256"/> and <see cref="InputSha256"/>, blobs the submitter
/// holds in the coordinator's blob store; the tasks are <c>wasm.blob</c> assignments that carry the hashes and the
/// gateway fetches the bytes).
/// </summary>
/// <param name="Module">The module's binary bytes (inline form), or null.</param>
/// <param name="Inputs">One input per task (inline form), or null.</param>
/// <param name="Fuel">The fuel budget of each task.</param>
/// <param name="MemoryBytes">The linear memory limit of each task (64 KiB to 4 GiB).</param>
/// <param name="Image">How the outputs assemble into an image, or null for plain outputs.</param>
public sealed record WasmMapJobSpec(byte[]? Module, IReadOnlyList<byte[]>? Inputs, ulong Fuel, ulong MemoryBytes, ImageLayout? Image = null) : JobSpec
{
    /// <summary>Creates a spec from JSON, where either form's members may be left out.</summary>
    /// <param name="fuel">The fuel budget of each task.</param>
    /// <param name="memoryBytes">The linear memory limit of each task.</param>
    /// <param name="module">The inline module, or null.</param>
    /// <param name="inputs">The inline inputs, or null.</param>
    /// <param name="image">The image layout, or null.</param>
    /// <param name="moduleSha256">The module's hash (by-hash form), or null.</param>
    /// <param name="inputSha256">The inputs' hashes (by-hash form), or null.</param>
    [JsonConstructor]
    public WasmMapJobSpec(ulong fuel, ulong memoryBytes, byte[]? module = null, IReadOnlyList<byte[]>? inputs = null, ImageLayout? image = null,
        string? moduleSha256 = null, IReadOnlyList<string>? inputSha256 = null)
        : this(module, inputs, fuel, memoryBytes, image)
    {
        ModuleSha256 = moduleSha256;
        InputSha256 = inputSha256;
    }

    /// <inheritdoc/>
    public override string Kind => WasmMapJobKind.KindName;

    /// <summary>Gets the module's SHA-256 (64 lowercase hex) in the by-hash form; null inline.</summary>
    public string? ModuleSha256 { get; init; }

    /// <summary>Gets the inputs' SHA-256 (64 lowercase hex each, one task per hash) in the by-hash form; null inline.</summary>
    public IReadOnlyList<string>? InputSha256 { get; init; }

    /// <summary>Gets whether the spec names its module and inputs by hash.</summary>
    [JsonIgnore]
    public bool IsByHash => ModuleSha256 is not null || InputSha256 is not null;

    /// <summary>
    /// Gets what the blob store holds under the hashes, read at submit so the module is compiled and the sizes checked
    /// and planned; never part of the JSON (the stored spec keeps only the hashes).
    /// </summary>
    [JsonIgnore]
    public WasmMapBlobs? Blobs { get; init; }
}
