namespace EdgeCompute.Firmware.Core.Frames;

/// <summary>The size limits of docs/protocol.md that the device side enforces.</summary>
public static class ProtocolLimits
{
    /// <summary>Largest payload of any <c>ec/v1/d/...</c> message, in bytes.</summary>
    public const int MaxDevicePayload = 4096;

    /// <summary>Largest frame body, in bytes.</summary>
    public const int MaxFrameBody = 3584;

    /// <summary>Largest task assignment, in bytes.</summary>
    public const int MaxAssignment = 2048;

    /// <summary>Most SenML records in one pack.</summary>
    public const int MaxSenmlRecords = 256;

    /// <summary>Most raw samples of one channel in one record.</summary>
    public const int MaxRawSamples = 4096;

    /// <summary>Deepest CBOR nesting.</summary>
    public const int MaxDepth = 8;

    /// <summary>Longest text string, in bytes.</summary>
    public const int MaxText = 64;

    /// <summary>Longest id (device, gateway, owner, task), in characters.</summary>
    public const int MaxId = 32;

    /// <summary>Longest channel name, in characters.</summary>
    public const int MaxChannel = 16;

    /// <summary>Longest proof-of-work prefix, in bytes.</summary>
    public const int MaxPowPrefix = 64;

    /// <summary>Most values of a <c>stats.window</c> task.</summary>
    public const int MaxStatsValues = 4096;
}
