using System.Device.I2c;

namespace EdgeCompute.Gateway.Tests.Sensors;

/// <summary>
/// A Sensirion SHT4x on a simulated I2C bus (datasheet SHT4x, section 4): one-byte commands (0x94 soft reset,
/// 0x89 serial number, 0xFD/0xF6/0xE0 measure at high/medium/low repeatability), each answered by a 6-byte read of two
/// big-endian words, each followed by its CRC-8 (polynomial 0x31, init 0xFF).
/// </summary>
internal sealed class SimulatedSht4x : I2cDevice
{
    private readonly I2cConnectionSettings _settings;
    private byte[] _answer = [];

    public SimulatedSht4x(int busId = 1, int address = 0x44)
    {
        _settings = new I2cConnectionSettings(busId, address);
    }

    public override I2cConnectionSettings ConnectionSettings => _settings;

    /// <summary>Gets or sets the raw temperature word S_T.</summary>
    public ushort RawTemperature { get; set; } = 0x6666;

    /// <summary>Gets or sets the raw humidity word S_RH.</summary>
    public ushort RawHumidity { get; set; } = 0x8000;

    public uint Serial { get; set; } = 0x0F2C_4B1D;

    /// <summary>Gets or sets whether the next answers carry a wrong CRC on the humidity word.</summary>
    public bool CorruptCrc { get; set; }

    public bool Failing { get; set; }

    public bool IsDisposed { get; private set; }

    public List<byte> Commands { get; } = [];

    /// <summary>The datasheet's CRC-8 (section 4.4), bit by bit.</summary>
    public static byte Crc8(byte msb, byte lsb)
    {
        byte crc = 0xFF;
        foreach (var b in new[] { msb, lsb })
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80) != 0 ? (byte)((crc << 1) ^ 0x31) : (byte)(crc << 1);
            }
        }

        return crc;
    }

    public override byte ReadByte() => throw new InvalidOperationException("the SHT4x answers in 6-byte reads");

    public override void Read(Span<byte> buffer)
    {
        ThrowIfFailing();
        if (buffer.Length > _answer.Length)
        {
            throw new IOException("Error 121 performing I2C data transfer."); // the chip NACKs a read with nothing to send
        }

        _answer.AsSpan(0, buffer.Length).CopyTo(buffer);
        _answer = [];
    }

    public override void WriteByte(byte value)
    {
        ThrowIfFailing();
        Commands.Add(value);
        _answer = value switch
        {
            0x94 => [],
            0x89 => Words((ushort)(Serial >> 16), (ushort)Serial),
            0xFD or 0xF6 or 0xE0 => Words(RawTemperature, RawHumidity),
            _ => throw new IOException($"Error 121: SHT4x has no command 0x{value:X2}"),
        };
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        foreach (var b in buffer)
        {
            WriteByte(b);
        }
    }

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Write(writeBuffer);
        Read(readBuffer);
    }

    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }

    private byte[] Words(ushort first, ushort second)
    {
        byte[] answer = [(byte)(first >> 8), (byte)first, 0, (byte)(second >> 8), (byte)second, 0];
        answer[2] = Crc8(answer[0], answer[1]);
        answer[5] = (byte)(Crc8(answer[3], answer[4]) ^ (CorruptCrc ? 0x01 : 0x00));
        return answer;
    }

    private void ThrowIfFailing()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (Failing)
        {
            throw new IOException("Error 121 performing I2C data transfer.");
        }
    }
}
