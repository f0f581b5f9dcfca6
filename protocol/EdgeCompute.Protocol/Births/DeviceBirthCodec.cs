using System.Formats.Cbor;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Internal;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Protocol.Births;

/// <summary>Encodes and decodes <see cref="DeviceBirth"/>: <c>{1: firmware, 2: platform, 3: kernels, 4: RAM, 5: MHz, 6: sensors}</c>.</summary>
public static class DeviceBirthCodec
{
    private const string What = "device birth";

    /// <summary>Encodes a birth body.</summary>
    /// <param name="birth">The birth.</param>
    /// <returns>The body bytes.</returns>
    /// <exception cref="ArgumentException">A string, kernel name or channel breaks the spec, or the body is too large.</exception>
    public static byte[] Encode(DeviceBirth birth)
    {
        ArgumentNullException.ThrowIfNull(birth);
        if (Check(birth) is { } problem)
        {
            throw new ArgumentException($"{What}: {problem}", nameof(birth));
        }

        var writer = CborOutput.Create();
        writer.WriteStartMap(6);
        writer.WriteInt32(1);
        writer.WriteTextString(birth.FirmwareVersion);
        writer.WriteInt32(2);
        writer.WriteTextString(birth.Platform);
        writer.WriteInt32(3);
        writer.WriteStartArray(birth.Kernels.Count);
        foreach (var kernel in birth.Kernels)
        {
            writer.WriteTextString(kernel);
        }

        writer.WriteEndArray();
        writer.WriteInt32(4);
        writer.WriteUInt64(birth.RamBytes);
        writer.WriteInt32(5);
        writer.WriteUInt32(birth.CpuMhz);
        writer.WriteInt32(6);
        writer.WriteStartArray(birth.Sensors.Count);
        foreach (var sensor in birth.Sensors)
        {
            writer.WriteStartArray(3);
            writer.WriteTextString(sensor.Channel);
            writer.WriteTextString(sensor.Unit);
            writer.WriteInt32(sensor.Exponent);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteEndMap();
        var bytes = writer.Encode();
        return bytes.Length <= ProtocolLimits.MaxFrameBodyBytes
            ? bytes
            : throw new ArgumentException($"{What}: {bytes.Length} bytes exceeds {ProtocolLimits.MaxFrameBodyBytes}", nameof(birth));
    }

    /// <summary>Decodes a birth body.</summary>
    /// <param name="body">The frame body.</param>
    /// <returns>The birth, or why it was refused.</returns>
    public static DecodeResult<DeviceBirth> Decode(ReadOnlyMemory<byte> body) =>
        CborDecoding.Run(body, ProtocolLimits.MaxFrameBodyBytes, What, Read);

    private static string? Check(DeviceBirth birth)
    {
        if (!IsText(birth.FirmwareVersion) || !IsText(birth.Platform))
        {
            return $"firmware version and platform must be text of at most {ProtocolLimits.MaxTextBytes} bytes";
        }

        if (birth.Kernels is null || birth.Kernels.Any(k => !KernelNames.IsValid(k)))
        {
            return $"kernel names must match {KernelNames.Rule}";
        }

        if (birth.Sensors is null)
        {
            return "sensors are required";
        }

        foreach (var sensor in birth.Sensors)
        {
            if (!ChannelRules.IsValidName(sensor.Channel) || sensor.Unit is null || !ChannelRules.IsValidUnit(sensor.Unit))
            {
                return $"sensor \"{sensor.Channel}\" needs a channel matching {ChannelRules.NameRule} and a unit of at most {ProtocolLimits.MaxTextBytes} bytes";
            }
        }

        return null;
    }

    private static bool IsText(string? value) => value is not null && ChannelRules.IsValidUnit(value);

    private static DeviceBirth Read(CborReader reader)
    {
        var keys = new MapKeys(reader, What);
        string firmware = "", platform = "";
        var kernels = Array.Empty<string>();
        var sensors = Array.Empty<SensorDescriptor>();
        ulong ram = 0;
        uint mhz = 0;
        while (keys.Next(reader, out var key))
        {
            switch (key)
            {
                case 1: firmware = reader.ReadText("firmware version (key 1)"); break;
                case 2: platform = reader.ReadText("platform (key 2)"); break;
                case 3:
                    kernels = new string[reader.ReadArray("kernels (key 3)", 0, ProtocolLimits.MaxFrameBodyBytes)];
                    for (var i = 0; i < kernels.Length; i++)
                    {
                        kernels[i] = TaskAssignmentCodec.ReadKernel(reader, $"kernels (key 3) [{i}]");
                    }

                    reader.ReadEndArray();
                    break;
                case 4: ram = reader.ReadUInt("RAM bytes (key 4)"); break;
                case 5: mhz = reader.ReadUInt32("CPU MHz (key 5)"); break;
                case 6:
                    sensors = new SensorDescriptor[reader.ReadArray("sensors (key 6)", 0, ProtocolLimits.MaxFrameBodyBytes)];
                    for (var i = 0; i < sensors.Length; i++)
                    {
                        var field = $"sensors (key 6) [{i}]";
                        reader.ReadArray(field, 3, 3);
                        var channel = reader.ReadText($"{field} channel");
                        if (!ChannelRules.IsValidName(channel))
                        {
                            throw CborFields.Invalid(field, $"channel \"{channel}\" does not match {ChannelRules.NameRule}");
                        }

                        sensors[i] = new SensorDescriptor(channel, reader.ReadText($"{field} unit"), reader.ReadInt32($"{field} exponent"));
                        reader.ReadEndArray();
                    }

                    reader.ReadEndArray();
                    break;
                default: throw keys.Unexpected((ulong)key);
            }
        }

        keys.Require(1, "firmware version");
        keys.Require(2, "platform");
        keys.Require(3, "kernels");
        keys.Require(4, "RAM bytes");
        keys.Require(5, "CPU MHz");
        keys.Require(6, "sensors");
        return new DeviceBirth(firmware, platform, kernels, ram, mhz, sensors);
    }
}
