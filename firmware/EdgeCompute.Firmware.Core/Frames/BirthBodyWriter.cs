using System;
using EdgeCompute.Firmware.Core.Cbor;

namespace EdgeCompute.Firmware.Core.Frames;

/// <summary>
/// Writes the body of a device birth frame (type 4): <c>{1: firmware version, 2: platform, 3: kernels,
/// 4: RAM bytes, 5: CPU MHz, 6: sensors}</c>, each sensor as <c>[channel, unit, exponent]</c>.
/// </summary>
public static class BirthBodyWriter
{
    /// <summary>Appends a birth body to <paramref name="output"/>.</summary>
    /// <param name="output">The encoder of the frame body.</param>
    /// <param name="firmwareVersion">The firmware version (ASCII).</param>
    /// <param name="platform">The platform name (<c>esp32</c>, <c>sim</c>, ...).</param>
    /// <param name="kernels">The kernel names this device runs.</param>
    /// <param name="ramBytes">The device's RAM in bytes.</param>
    /// <param name="cpuMhz">The CPU clock in MHz.</param>
    /// <param name="channels">The sensor channels in reporting order.</param>
    public static void Write(
        CborEncoder output,
        string firmwareVersion,
        string platform,
        string[] kernels,
        ulong ramBytes,
        uint cpuMhz,
        ChannelDescription[] channels)
    {
        if (output == null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        if (kernels == null)
        {
            throw new ArgumentNullException(nameof(kernels));
        }

        if (channels == null)
        {
            throw new ArgumentNullException(nameof(channels));
        }

        output.WriteMapHeader(6);
        output.WriteUInt(1);
        output.WriteText(firmwareVersion);
        output.WriteUInt(2);
        output.WriteText(platform);
        output.WriteUInt(3);
        output.WriteArrayHeader(kernels.Length);
        for (var i = 0; i < kernels.Length; i++)
        {
            output.WriteText(kernels[i]);
        }

        output.WriteUInt(4);
        output.WriteUInt(ramBytes);
        output.WriteUInt(5);
        output.WriteUInt(cpuMhz);
        output.WriteUInt(6);
        output.WriteArrayHeader(channels.Length);
        for (var i = 0; i < channels.Length; i++)
        {
            output.WriteArrayHeader(3);
            output.WriteText(channels[i].Name);
            output.WriteText(channels[i].Unit);
            output.WriteInt(channels[i].Exponent);
        }
    }
}
