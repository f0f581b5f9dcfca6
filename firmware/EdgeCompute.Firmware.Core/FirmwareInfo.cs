namespace EdgeCompute.Firmware.Core;

/// <summary>Identity of this firmware core build, reported in the device birth frame.</summary>
public static class FirmwareInfo
{
    /// <summary>The firmware core version, reported in the device birth frame (key 1).</summary>
    public const string Version = "0.1.0";

    /// <summary>The wire protocol version this core speaks (topics live under <c>ec/v1</c>).</summary>
    public const int ProtocolVersion = 1;
}
