using EdgeCompute.Protocol.Ids;

namespace EdgeCompute.Protocol.Decoding;

/// <summary>Why a decoder refused its input (docs/protocol.md, "Conventions").</summary>
public enum DecodeErrorCode
{
    /// <summary>The input ends inside an item.</summary>
    Truncated = 1,

    /// <summary>The input is not well-formed CBOR (reserved additional info, invalid UTF-8, a stray break).</summary>
    Malformed,

    /// <summary>An item has a different CBOR type than the field requires.</summary>
    WrongType,

    /// <summary>A map holds a key the message does not define.</summary>
    UnexpectedKey,

    /// <summary>A required map key is absent.</summary>
    MissingKey,

    /// <summary>A map key appears twice.</summary>
    DuplicateKey,

    /// <summary>Map keys are not in the required (ascending) order.</summary>
    KeyOutOfOrder,

    /// <summary>Bytes follow the top-level item.</summary>
    TrailingBytes,

    /// <summary>A size, count or length limit of <see cref="ProtocolLimits"/> is exceeded.</summary>
    LimitExceeded,

    /// <summary>A field has the right type but a value the protocol does not allow.</summary>
    InvalidValue,

    /// <summary>An id does not match <see cref="ProtocolId.Rule"/>.</summary>
    InvalidId,

    /// <summary>An indefinite-length string, array or map.</summary>
    Indefinite,

    /// <summary>Arrays, maps and tags nest deeper than <see cref="ProtocolLimits.MaxCborDepth"/>.</summary>
    TooDeep,

    /// <summary>An ECDSA signature does not verify.</summary>
    BadSignature,

    /// <summary>A device frame's HMAC does not verify.</summary>
    BadMac,

    /// <summary>The declared id differs from the id the message arrived under (topic or key lookup).</summary>
    IdMismatch,

    /// <summary>A compressed body is not a valid stream of its codec.</summary>
    DecompressionFailed,

    /// <summary>A body decompressed to more or fewer bytes than its declared raw length.</summary>
    LengthMismatch,
}
