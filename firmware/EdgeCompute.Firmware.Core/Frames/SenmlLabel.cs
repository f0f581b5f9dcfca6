namespace EdgeCompute.Firmware.Core.Frames;

/// <summary>The SenML-CBOR labels (RFC 8428 section 6) used in window summaries.</summary>
public static class SenmlLabel
{
    /// <summary>Base name, <c>bn</c>.</summary>
    public const int BaseName = -2;

    /// <summary>Base time, <c>bt</c>.</summary>
    public const int BaseTime = -3;

    /// <summary>Name, <c>n</c>.</summary>
    public const int Name = 0;

    /// <summary>Unit, <c>u</c>.</summary>
    public const int Unit = 1;

    /// <summary>Numeric value, <c>v</c>.</summary>
    public const int Value = 2;

    /// <summary>Time, <c>t</c>.</summary>
    public const int Time = 6;
}
