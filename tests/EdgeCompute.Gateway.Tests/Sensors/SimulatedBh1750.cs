using System.Device.I2c;

namespace EdgeCompute.Gateway.Tests.Sensors;

/// <summary>
/// A ROHM BH1750FVI on a simulated I2C bus (datasheet, "Instruction Set Architecture"): one-byte instructions
/// (power on 0x01, reset 0x07, measurement time 01000_MT[7:5] and 011_MT[4:0], the measurement modes), and a 2-byte
/// big-endian read of the last result.
/// </summary>
internal sealed class SimulatedBh1750 : I2cDevice
{
    private readonly I2cConnectionSettings _settings;

    public SimulatedBh1750(int busId = 1, int address = 0x23)
    {
        _settings = new I2cConnectionSettings(busId, address);
    }

    public override I2cConnectionSettings ConnectionSettings => _settings;

    /// <summary>Gets or sets the 16-bit result register.</summary>
    public ushort Result { get; set; }

    public bool Failing { get; set; }

    public bool IsDisposed { get; private set; }

    public bool PoweredOn { get; private set; }

    /// <summary>Gets the measurement time register MTreg (69 by default).</summary>
    public int MeasurementTime { get; private set; } = 69;

    public byte? Mode { get; private set; }

    public List<byte> Instructions { get; } = [];

    public override byte ReadByte() => throw new InvalidOperationException("the BH1750 answers in 2-byte reads");

    public override void Read(Span<byte> buffer)
    {
        ThrowIfFailing();
        if (!PoweredOn || Mode is null)
        {
            throw new IOException("Error 121: BH1750 not measuring");
        }

        buffer[0] = (byte)(Result >> 8);
        buffer[1] = (byte)Result;
    }

    public override void WriteByte(byte value)
    {
        ThrowIfFailing();
        Instructions.Add(value);
        switch (value)
        {
            case 0x00:
                PoweredOn = false;
                break;
            case 0x01:
                PoweredOn = true;
                break;
            case 0x07:
                break; // reset clears the data register only
            case 0x10 or 0x11 or 0x13 or 0x20 or 0x21 or 0x23:
                Mode = value;
                break;
            case >= 0x40 and <= 0x47:
                MeasurementTime = ((value & 0b111) << 5) | (MeasurementTime & 0b1_1111);
                break;
            case >= 0x60 and <= 0x7F:
                MeasurementTime = (MeasurementTime & 0b1110_0000) | (value & 0b1_1111);
                break;
            default:
                throw new IOException($"Error 121: BH1750 has no instruction 0x{value:X2}");
        }
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

    private void ThrowIfFailing()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (Failing)
        {
            throw new IOException("Error 121 performing I2C data transfer.");
        }
    }
}
