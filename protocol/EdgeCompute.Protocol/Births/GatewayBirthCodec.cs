using System.Formats.Cbor;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Ids;
using EdgeCompute.Protocol.Internal;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Protocol.Births;

/// <summary>Encodes and decodes <see cref="GatewayBirth"/> (keys 1 to 9).</summary>
public static class GatewayBirthCodec
{
    private const string What = "gateway birth";

    /// <summary>The largest gateway birth this library writes or reads (the spec sets none; the batch message limit).</summary>
    public const int MaxBytes = ProtocolLimits.MaxBatchMessageBytes;

    /// <summary>Encodes a gateway birth.</summary>
    /// <param name="birth">The birth.</param>
    /// <returns>The payload.</returns>
    /// <exception cref="ArgumentException">An id, kernel name or the geohash breaks the spec.</exception>
    public static byte[] Encode(GatewayBirth birth)
    {
        ArgumentNullException.ThrowIfNull(birth);
        ProtocolId.Validate(birth.GatewayId, "gateway id");
        ArgumentNullException.ThrowIfNull(birth.AttachedDevices);
        ArgumentNullException.ThrowIfNull(birth.Kernels);
        foreach (var device in birth.AttachedDevices)
        {
            ProtocolId.Validate(device, "attached device id");
        }

        if (!GatewayBirth.IsValidGeohash(birth.Geohash) || birth.Kernels.Any(k => !KernelNames.IsValid(k)) || birth.TimeMs < 0)
        {
            throw new ArgumentException($"{What}: geohash must be 0-12 geohash characters, kernels must match {KernelNames.Rule}, time must not be negative", nameof(birth));
        }

        var writer = CborOutput.Create();
        writer.WriteStartMap(9);
        writer.WriteInt32(1);
        writer.WriteTextString(birth.GatewayId);
        writer.WriteInt32(2);
        writer.WriteUInt32(birth.Boot);
        writer.WriteInt32(3);
        writer.WriteInt64(birth.TimeMs);
        writer.WriteInt32(4);
        writer.WriteUInt32(birth.Cores);
        writer.WriteInt32(5);
        writer.WriteUInt64(birth.MemoryBytes);
        writer.WriteInt32(6);
        writer.WriteBoolean(birth.WasmSupport);
        writer.WriteInt32(7);
        WriteStrings(writer, birth.AttachedDevices);
        writer.WriteInt32(8);
        writer.WriteTextString(birth.Geohash);
        writer.WriteInt32(9);
        WriteStrings(writer, birth.Kernels);
        writer.WriteEndMap();
        var bytes = writer.Encode();
        return bytes.Length <= MaxBytes ? bytes : throw new ArgumentException($"{What}: {bytes.Length} bytes exceeds {MaxBytes}", nameof(birth));
    }

    /// <summary>Decodes a gateway birth.</summary>
    /// <param name="payload">The payload.</param>
    /// <returns>The birth, or why it was refused.</returns>
    public static DecodeResult<GatewayBirth> Decode(ReadOnlyMemory<byte> payload) =>
        CborDecoding.Run(payload, MaxBytes, What, Read);

    private static void WriteStrings(CborWriter writer, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(values.Count);
        foreach (var value in values)
        {
            writer.WriteTextString(value);
        }

        writer.WriteEndArray();
    }

    private static GatewayBirth Read(CborReader reader)
    {
        var keys = new MapKeys(reader, What);
        string gatewayId = "", geohash = "";
        uint boot = 0, cores = 0;
        long time = 0;
        ulong memory = 0;
        var wasm = false;
        var devices = Array.Empty<string>();
        var kernels = Array.Empty<string>();
        while (keys.Next(reader, out var key))
        {
            switch (key)
            {
                case 1: gatewayId = reader.ReadId("gateway id (key 1)"); break;
                case 2: boot = reader.ReadUInt32("boot (key 2)"); break;
                case 3: time = reader.ReadUInt63("time (key 3)"); break;
                case 4: cores = reader.ReadUInt32("cores (key 4)"); break;
                case 5: memory = reader.ReadUInt("memory bytes (key 5)"); break;
                case 6: wasm = reader.ReadBool("WASM support (key 6)"); break;
                case 7:
                    devices = new string[reader.ReadArray("attached devices (key 7)", 0, MaxBytes)];
                    for (var i = 0; i < devices.Length; i++)
                    {
                        devices[i] = reader.ReadId($"attached devices (key 7) [{i}]");
                    }

                    reader.ReadEndArray();
                    break;
                case 8:
                    geohash = reader.ReadText("geohash (key 8)");
                    if (!GatewayBirth.IsValidGeohash(geohash))
                    {
                        throw CborFields.Invalid("geohash (key 8)", $"\"{geohash}\" is not 0 to 12 geohash characters");
                    }

                    break;
                case 9:
                    kernels = new string[reader.ReadArray("kernels (key 9)", 0, MaxBytes)];
                    for (var i = 0; i < kernels.Length; i++)
                    {
                        kernels[i] = TaskAssignmentCodec.ReadKernel(reader, $"kernels (key 9) [{i}]");
                    }

                    reader.ReadEndArray();
                    break;
                default: throw keys.Unexpected((ulong)key);
            }
        }

        keys.Require(1, "gateway id");
        keys.Require(2, "boot");
        keys.Require(3, "time");
        keys.Require(4, "cores");
        keys.Require(5, "memory bytes");
        keys.Require(6, "WASM support");
        keys.Require(7, "attached devices");
        keys.Require(8, "geohash");
        keys.Require(9, "kernels");
        return new GatewayBirth(gatewayId, boot, time, cores, memory, wasm, devices, geohash, kernels);
    }
}
