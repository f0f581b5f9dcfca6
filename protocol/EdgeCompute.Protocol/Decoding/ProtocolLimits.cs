using EdgeCompute.Protocol.Ids;

namespace EdgeCompute.Protocol.Decoding;

/// <summary>Every limit of docs/protocol.md ("Limits"). Encoders refuse to exceed them; decoders refuse input that does.</summary>
public static class ProtocolLimits
{
    /// <summary>Any <c>ec/v1/d/...</c> payload: 4,096 bytes.</summary>
    public const int MaxDevicePayloadBytes = 4096;

    /// <summary>A device frame's body (key 5): 3,584 bytes.</summary>
    public const int MaxFrameBodyBytes = 3584;

    /// <summary>Task assignment bytes: 2,048 bytes.</summary>
    public const int MaxTaskAssignmentBytes = 2048;

    /// <summary>SenML records per pack: 256.</summary>
    public const int MaxSenmlRecords = 256;

    /// <summary>Raw samples per channel: 4,096 (also the most values of a <c>stats.window</c> task).</summary>
    public const int MaxRawSamplesPerChannel = 4096;

    /// <summary>CBOR nesting depth (arrays, maps and tags): 8.</summary>
    public const int MaxCborDepth = 8;

    /// <summary>Any text string: 64 bytes of UTF-8.</summary>
    public const int MaxTextBytes = 64;

    /// <summary>Any id: 32 characters (see <see cref="ProtocolId"/>).</summary>
    public const int MaxIdLength = ProtocolId.MaxLength;

    /// <summary>A gateway batch message (the envelope on <c>ec/v1/g/{gateway}/up</c>): 1 MiB.</summary>
    public const int MaxBatchMessageBytes = 1024 * 1024;

    /// <summary>A decompressed batch body: 8 MiB.</summary>
    public const int MaxBatchRawBytes = 8 * 1024 * 1024;

    /// <summary>The most a batch body may expand: raw length ≤ 64 × compressed length.</summary>
    public const int MaxExpansionRatio = 64;

    /// <summary>Items per batch: 65,536.</summary>
    public const int MaxBatchItems = 65536;

    /// <summary>Seqs per ack list (stored, rejected): 4,096 each.</summary>
    public const int MaxAckSeqs = 4096;

    /// <summary>A coordinator task message: 4,096 bytes.</summary>
    public const int MaxCoordinatorTaskBytes = 4096;
}
