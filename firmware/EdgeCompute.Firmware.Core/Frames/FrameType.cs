namespace EdgeCompute.Firmware.Core.Frames;

/// <summary>Device frame types (envelope key 4, docs/protocol.md).</summary>
public static class FrameType
{
    /// <summary>A window summary: a SenML-CBOR pack.</summary>
    public const int WindowSummary = 1;

    /// <summary>Raw samples: delta-encoded channel records.</summary>
    public const int RawSamples = 2;

    /// <summary>A task result; its MAC also covers SHA-256 of the task assignment bytes.</summary>
    public const int Result = 3;

    /// <summary>The device birth (capabilities), sent with seq 0 and retained.</summary>
    public const int Birth = 4;

    /// <summary>Returns whether <paramref name="type"/> is one of the four frame types.</summary>
    /// <param name="type">A frame type number.</param>
    /// <returns>True for 1 to 4.</returns>
    public static bool IsDefined(int type)
    {
        return type >= WindowSummary && type <= Birth;
    }
}
