using EdgeCompute.Protocol.Decoding;

namespace EdgeCompute.Protocol.Births;

/// <summary>The <c>state</c> payloads of devices and gateways: exactly the ASCII bytes <c>online</c> or <c>offline</c>.</summary>
public static class StatePayload
{
    /// <summary>The bytes of <c>online</c>.</summary>
    public static ReadOnlyMemory<byte> Online { get; } = "online"u8.ToArray();

    /// <summary>The bytes of <c>offline</c> (the will payload).</summary>
    public static ReadOnlyMemory<byte> Offline { get; } = "offline"u8.ToArray();

    /// <summary>The payload for a state.</summary>
    /// <param name="state">The state.</param>
    /// <returns>A fresh copy of the ASCII bytes.</returns>
    public static byte[] Encode(ConnectionState state) =>
        (state == ConnectionState.Online ? Online : Offline).ToArray();

    /// <summary>Decodes a state payload; anything but the exact bytes is refused.</summary>
    /// <param name="payload">The payload.</param>
    /// <returns>The state, or why the payload was refused.</returns>
    public static DecodeResult<ConnectionState> Decode(ReadOnlyMemory<byte> payload)
    {
        var span = payload.Span;
        return span.SequenceEqual(Online.Span) ? DecodeResult<ConnectionState>.Success(ConnectionState.Online)
            : span.SequenceEqual(Offline.Span) ? DecodeResult<ConnectionState>.Success(ConnectionState.Offline)
            : DecodeResult<ConnectionState>.Failure(
                span.Length > 7 ? DecodeErrorCode.LimitExceeded : DecodeErrorCode.InvalidValue,
                $"state: expected ASCII \"online\" or \"offline\", found {span.Length} other bytes");
    }
}
