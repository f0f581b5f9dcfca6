using System.Buffers.Binary;

namespace EdgeCompute.Gateway.Sensors.Bme280;

/// <summary>The trimming parameters burned into each BME280 (datasheet section 4.2.2, table 16).</summary>
internal sealed record Bme280Calibration(
    ushort T1, short T2, short T3,
    ushort P1, short P2, short P3, short P4, short P5, short P6, short P7, short P8, short P9,
    byte H1, short H2, byte H3, short H4, short H5, sbyte H6)
{
    /// <summary>Bytes read from 0x88 (calib00…calib25).</summary>
    public const int TemperaturePressureLength = 26;

    /// <summary>Bytes read from 0xE1 (calib26…calib32).</summary>
    public const int HumidityLength = 7;

    /// <summary>Decodes the two calibration blocks.</summary>
    /// <param name="block88">26 bytes from 0x88; dig_H1 is its last byte (0xA1).</param>
    /// <param name="blockE1">7 bytes from 0xE1.</param>
    public static Bme280Calibration Parse(ReadOnlySpan<byte> block88, ReadOnlySpan<byte> blockE1)
    {
        var words = new ushort[12]; // dig_T1…dig_P9, little-endian
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = BinaryPrimitives.ReadUInt16LittleEndian(block88[(2 * i)..]);
        }

        // dig_H4 and dig_H5 are signed 12-bit values sharing 0xE5, built as in Bosch's BME280 API.
        var h4 = (short)((sbyte)blockE1[3] * 16 | (blockE1[4] & 0x0F));
        var h5 = (short)((sbyte)blockE1[5] * 16 | (blockE1[4] >> 4));
        return new Bme280Calibration(
            words[0], (short)words[1], (short)words[2],
            words[3], (short)words[4], (short)words[5], (short)words[6], (short)words[7],
            (short)words[8], (short)words[9], (short)words[10], (short)words[11],
            block88[25], BinaryPrimitives.ReadInt16LittleEndian(blockE1), blockE1[2], h4, h5, (sbyte)blockE1[6]);
    }
}
