using System.Formats.Cbor;
using System.Text;
using EdgeCompute.Protocol.Decoding;

namespace EdgeCompute.Protocol.Internal;

/// <summary>
/// The one place untrusted bytes enter a decoder: size limit, shape pre-check, then the message's
/// own reader, with every exception the reader or the checks can raise mapped to a <see cref="DecodeError"/>.
/// </summary>
internal static class CborDecoding
{
    public static DecodeResult<T> Run<T>(ReadOnlyMemory<byte> bytes, int maxBytes, string what, Func<CborReader, T> decode)
    {
        if (bytes.Length > maxBytes)
        {
            return DecodeResult<T>.Failure(DecodeErrorCode.LimitExceeded, $"{what}: {bytes.Length} bytes, the limit is {maxBytes}");
        }

        var shape = CborShape.Check(bytes.Span, ProtocolLimits.MaxCborDepth);
        if (shape is not null)
        {
            return DecodeResult<T>.Failure(shape.Code, $"{what}: {shape.Message}");
        }

        try
        {
            var reader = new CborReader(bytes, CborConformanceMode.Lax);
            var value = decode(reader);
            return reader.BytesRemaining == 0
                ? DecodeResult<T>.Success(value)
                : DecodeResult<T>.Failure(DecodeErrorCode.TrailingBytes, $"{what}: {reader.BytesRemaining} bytes follow the top-level item");
        }
        catch (Exception e) when (Map(e) is { } code)
        {
            var message = e.Message.StartsWith(what + ":", StringComparison.Ordinal) ? e.Message : $"{what}: {e.Message}";
            return DecodeResult<T>.Failure(code, message);
        }
    }

    /// <summary>Maps the exceptions decoding code may raise; anything else is a bug and propagates.</summary>
    public static DecodeErrorCode? Map(Exception e) => e switch
    {
        DecodeFailure f => f.Code,
        CborContentException => DecodeErrorCode.Malformed,
        DecoderFallbackException => DecodeErrorCode.Malformed,
        InvalidOperationException => DecodeErrorCode.WrongType,
        OverflowException => DecodeErrorCode.InvalidValue,
        FormatException => DecodeErrorCode.Malformed,
        ArgumentException => DecodeErrorCode.InvalidValue,
        _ => null,
    };
}
