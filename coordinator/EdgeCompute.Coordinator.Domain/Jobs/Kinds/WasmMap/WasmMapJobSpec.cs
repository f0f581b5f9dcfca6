namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;

/// <summary>
/// Runs one WebAssembly module (docs/wasm-abi.md) over many inputs: one gateway <c>wasm</c> task per input, the module
/// travelling inline in every assignment (so it must be small enough for each assignment to fit 2,048 bytes).
/// </summary>
/// <param name="Module">The module's binary bytes.</param>
/// <param name="Inputs">One input per task.</param>
/// <param name="Fuel">The fuel budget of each task.</param>
/// <param name="MemoryBytes">The linear memory limit of each task (64 KiB to 4 GiB).</param>
/// <param name="Image">How the outputs assemble into an image, or null for plain outputs.</param>
public sealed record WasmMapJobSpec(byte[] Module, IReadOnlyList<byte[]> Inputs, ulong Fuel, ulong MemoryBytes, ImageLayout? Image = null) : JobSpec
{
    /// <inheritdoc/>
    public override string Kind => WasmMapJobKind.KindName;
}
