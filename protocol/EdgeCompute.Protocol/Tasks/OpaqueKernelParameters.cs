using System.Formats.Cbor;

namespace EdgeCompute.Protocol.Tasks;

/// <summary>
/// Params of a kernel this library does not know, kept as the exact encoded CBOR array, so an assignment
/// for a newer kernel still decodes and a device can answer it with status 3 (unknown kernel).
/// </summary>
/// <param name="KernelName">The kernel name (<see cref="KernelNames.Rule"/>), not one of <see cref="KernelNames.All"/>.</param>
/// <param name="EncodedArray">The params array, one well-formed CBOR array item.</param>
public sealed record OpaqueKernelParameters(string KernelName, ReadOnlyMemory<byte> EncodedArray) : KernelParameters
{
    /// <inheritdoc/>
    public override string Kernel => KernelName;

    internal override string? Check() =>
        !KernelNames.IsValid(KernelName) ? $"kernel \"{KernelName}\" does not match {KernelNames.Rule}"
        : KernelNames.All.Contains(KernelName) ? $"{KernelName} is a known kernel; use its typed parameters"
        : EncodedArray.IsEmpty || (EncodedArray.Span[0] >> 5) != 4 ? "the encoded params must be a CBOR array"
        : null;

    internal override void Write(CborWriter writer) => writer.WriteEncodedValue(EncodedArray.Span);
}
