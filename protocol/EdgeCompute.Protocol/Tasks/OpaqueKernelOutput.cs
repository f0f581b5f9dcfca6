using System.Formats.Cbor;

namespace EdgeCompute.Protocol.Tasks;

/// <summary>The output of a kernel this library does not know, kept as the exact encoded CBOR array.</summary>
/// <param name="EncodedArray">One well-formed CBOR array item.</param>
public sealed record OpaqueKernelOutput(ReadOnlyMemory<byte> EncodedArray) : KernelOutput
{
    internal override string? Check() =>
        !EncodedArray.IsEmpty && (EncodedArray.Span[0] >> 5) == 4 ? null : "the encoded output must be a CBOR array";

    internal override void Write(CborWriter writer) => writer.WriteEncodedValue(EncodedArray.Span);
}
