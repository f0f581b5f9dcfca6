using EdgeCompute.Protocol.Decoding;

namespace EdgeCompute.Protocol.Internal;

/// <summary>Carries a <see cref="DecodeError"/> out of nested decoding code; caught by <see cref="CborDecoding"/>, never escapes.</summary>
internal sealed class DecodeFailure : Exception
{
    public DecodeFailure(DecodeErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    public DecodeErrorCode Code { get; }
}
