using System.Formats.Cbor;
using System.Security.Cryptography;
using EdgeCompute.Protocol.Decoding;

namespace EdgeCompute.Protocol.Tasks;

/// <summary>
/// Params of a <see cref="KernelNames.Wasm"/> assignment, run by a gateway (coordinator task with an empty target):
/// <c>[module sha256 bstr(32), module bytes bstr, input bstr, fuel uint, memory bytes uint]</c>. The module bytes may be
/// empty when the gateway has the module cached; otherwise they must hash to the given SHA-256. The whole assignment
/// stays within <see cref="ProtocolLimits.MaxTaskAssignmentBytes"/>, so modules travel inline only while small.
/// </summary>
/// <param name="ModuleHash">The module's SHA-256 (32 bytes).</param>
/// <param name="Module">The module's binary bytes, or empty (use the gateway's cached copy).</param>
/// <param name="Input">The input handed to the module's <c>run</c>.</param>
/// <param name="Fuel">The fuel budget (at least 1); the gateway reports the fuel used.</param>
/// <param name="MemoryBytes">The most linear memory the task may grow to (64 KiB to 4 GiB).</param>
public sealed record WasmParameters(ReadOnlyMemory<byte> ModuleHash, ReadOnlyMemory<byte> Module, ReadOnlyMemory<byte> Input, ulong Fuel, ulong MemoryBytes) : KernelParameters
{
    /// <summary>The length of <see cref="ModuleHash"/>.</summary>
    public const int HashBytes = 32;

    /// <summary>The smallest memory limit: one WebAssembly page.</summary>
    public const ulong MinMemoryBytes = 65_536;

    /// <summary>The largest memory limit: a whole 32-bit linear memory.</summary>
    public const ulong MaxMemoryBytes = 1UL << 32;

    /// <inheritdoc/>
    public override string Kernel => KernelNames.Wasm;

    internal override string? Check() =>
        ModuleHash.Length != HashBytes ? $"module sha256 must be {HashBytes} bytes, found {ModuleHash.Length}"
        : Fuel == 0 ? "fuel must be at least 1"
        : MemoryBytes is < MinMemoryBytes or > MaxMemoryBytes ? $"memory bytes must be {MinMemoryBytes} to {MaxMemoryBytes}, found {MemoryBytes}"
        : !Module.IsEmpty && !SHA256.HashData(Module.Span).AsSpan().SequenceEqual(ModuleHash.Span) ? "the module bytes do not match the module sha256"
        : null;

    internal override void Write(CborWriter writer)
    {
        writer.WriteStartArray(5);
        writer.WriteByteString(ModuleHash.Span);
        writer.WriteByteString(Module.Span);
        writer.WriteByteString(Input.Span);
        writer.WriteUInt64(Fuel);
        writer.WriteUInt64(MemoryBytes);
        writer.WriteEndArray();
    }
}
