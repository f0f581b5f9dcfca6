using System.Formats.Cbor;

namespace EdgeCompute.Protocol.Tasks;

/// <summary>
/// Params of a <see cref="KernelNames.WasmBlob"/> assignment: a WebAssembly task whose module (and usually its input)
/// the gateway fetches by SHA-256 from the coordinator's blob store instead of receiving inline:
/// <c>[module sha256 bstr(32), module size uint, input sha256 bstr(32) or empty, input size uint, inline input bstr,
/// fuel uint, memory bytes uint]</c> (docs/protocol.md, "Gateway tasks: <c>wasm.blob</c>").
/// </summary>
/// <param name="ModuleHash">The module's SHA-256 (32 bytes).</param>
/// <param name="ModuleSize">The module's length in bytes (1 to <see cref="MaxModuleBytes"/>), so a gateway can refuse before fetching.</param>
/// <param name="InputHash">The input's SHA-256 (32 bytes), or empty when the input travels inline.</param>
/// <param name="InputSize">The input's length in bytes (0 to <see cref="MaxInputBytes"/>).</param>
/// <param name="InlineInput">The input itself when <paramref name="InputHash"/> is empty; empty otherwise.</param>
/// <param name="Fuel">The fuel budget (at least 1); the gateway reports the fuel used.</param>
/// <param name="MemoryBytes">The most linear memory the task may grow to (64 KiB to 4 GiB).</param>
public sealed record WasmBlobParameters(
    ReadOnlyMemory<byte> ModuleHash,
    ulong ModuleSize,
    ReadOnlyMemory<byte> InputHash,
    ulong InputSize,
    ReadOnlyMemory<byte> InlineInput,
    ulong Fuel,
    ulong MemoryBytes) : KernelParameters
{
    /// <summary>The length of a blob hash.</summary>
    public const int HashBytes = 32;

    /// <summary>The largest module: 8 MiB.</summary>
    public const ulong MaxModuleBytes = 8UL << 20;

    /// <summary>The largest task input: 4 MiB.</summary>
    public const ulong MaxInputBytes = 4UL << 20;

    /// <summary>The number of params.</summary>
    internal const int Count = 7;

    /// <inheritdoc/>
    public override string Kernel => KernelNames.WasmBlob;

    /// <summary>Whether the input is fetched by <see cref="InputHash"/> (otherwise it is <see cref="InlineInput"/>).</summary>
    public bool InputByHash => !InputHash.IsEmpty;

    internal override string? Check() =>
        ModuleHash.Length != HashBytes ? $"module sha256 must be {HashBytes} bytes, found {ModuleHash.Length}"
        : ModuleSize is 0 or > MaxModuleBytes ? $"module size must be 1 to {MaxModuleBytes}, found {ModuleSize}"
        : InputHash.Length is not (0 or HashBytes) ? $"input sha256 must be {HashBytes} bytes or empty, found {InputHash.Length}"
        : InputSize > MaxInputBytes ? $"input size must be at most {MaxInputBytes}, found {InputSize}"
        : InputByHash && !InlineInput.IsEmpty ? "an input fetched by sha256 must not also travel inline"
        : !InputByHash && (ulong)InlineInput.Length != InputSize ? $"the inline input has {InlineInput.Length} bytes but the input size says {InputSize}"
        : Fuel == 0 ? "fuel must be at least 1"
        : MemoryBytes is < WasmParameters.MinMemoryBytes or > WasmParameters.MaxMemoryBytes
            ? $"memory bytes must be {WasmParameters.MinMemoryBytes} to {WasmParameters.MaxMemoryBytes}, found {MemoryBytes}"
        : null;

    internal override void Write(CborWriter writer)
    {
        writer.WriteStartArray(Count);
        writer.WriteByteString(ModuleHash.Span);
        writer.WriteUInt64(ModuleSize);
        writer.WriteByteString(InputHash.Span);
        writer.WriteUInt64(InputSize);
        writer.WriteByteString(InlineInput.Span);
        writer.WriteUInt64(Fuel);
        writer.WriteUInt64(MemoryBytes);
        writer.WriteEndArray();
    }
}
