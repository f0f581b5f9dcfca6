using System.Buffers.Binary;
using System.Device.I2c;

namespace EdgeCompute.Gateway.Tests.Sensors;

/// <summary>
/// A BME280 on a simulated I2C bus: a 256-byte register map with the chip's auto-incrementing burst reads,
/// (register, value) pair writes and soft reset (0xB6 to 0xE0 clears the control registers, datasheet 5.4.2). Tests
/// load calibration and raw ADC values into it; the bindings' driver reads it as it reads the real chip.
/// </summary>
internal sealed class SimulatedBme280 : I2cDevice
{
    private readonly byte[] _registers = new byte[256];
    private readonly I2cConnectionSettings _settings;
    private byte _pointer;

    public SimulatedBme280(int busId = 1, int address = 0x76)
    {
        _settings = new I2cConnectionSettings(busId, address);
        _registers[0xD0] = 0x60;
        SetRawAdc(0x80000, 0x80000, 0x8000); // the chip's values before its first measurement
    }

    public override I2cConnectionSettings ConnectionSettings => _settings;

    /// <summary>Gets or sets whether every transfer fails as a bus error would.</summary>
    public bool Failing { get; set; }

    public bool IsDisposed { get; private set; }

    /// <summary>Gets every register write, in order.</summary>
    public List<(byte Register, byte Value)> Writes { get; } = [];

    public byte this[byte register]
    {
        get => _registers[register];
        set => _registers[register] = value;
    }

    public void LoadTemperaturePressureCalibration(ushort t1, short t2, short t3, ushort p1, short p2, short p3, short p4, short p5, short p6, short p7, short p8, short p9)
    {
        var span = _registers.AsSpan(0x88);
        BinaryPrimitives.WriteUInt16LittleEndian(span, t1);
        short[] rest = [t2, t3, (short)p1, p2, p3, p4, p5, p6, p7, p8, p9];
        for (var i = 0; i < rest.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(span[(2 + (2 * i))..], rest[i]);
        }
    }

    public void LoadHumidityCalibration(byte h1, short h2, byte h3, short h4, short h5, sbyte h6)
    {
        _registers[0xA1] = h1;
        BinaryPrimitives.WriteInt16LittleEndian(_registers.AsSpan(0xE1), h2);
        _registers[0xE3] = h3;
        _registers[0xE4] = (byte)(h4 >> 4);                          // dig_H4[11:4]
        _registers[0xE5] = (byte)((h4 & 0x0F) | ((h5 & 0x0F) << 4));  // dig_H4[3:0], dig_H5[3:0]
        _registers[0xE6] = (byte)(h5 >> 4);                          // dig_H5[11:4]
        _registers[0xE7] = (byte)h6;
    }

    public void SetRawAdc(int adcT, int adcP, int adcH)
    {
        WriteAdc20(0xF7, adcP);
        WriteAdc20(0xFA, adcT);
        _registers[0xFD] = (byte)(adcH >> 8);
        _registers[0xFE] = (byte)adcH;
    }

    public override byte ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        Read(one);
        return one[0];
    }

    public override void Read(Span<byte> buffer)
    {
        ThrowIfFailing();
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = _registers[_pointer++];
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfFailing();
        if (buffer.Length == 1)
        {
            _pointer = buffer[0]; // sets the register pointer for a following read
            return;
        }

        if (buffer.Length % 2 != 0)
        {
            throw new InvalidOperationException("BME280 writes are (register, value) pairs");
        }

        for (var i = 0; i < buffer.Length; i += 2)
        {
            Writes.Add((buffer[i], buffer[i + 1]));
            if (buffer[i] == 0xE0 && buffer[i + 1] == 0xB6)
            {
                _registers.AsSpan(0xF2, 4).Clear(); // ctrl_hum, status, ctrl_meas, config back to their reset values
                continue;
            }

            _registers[buffer[i]] = buffer[i + 1];
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

    private void WriteAdc20(byte msb, int value)
    {
        _registers[msb] = (byte)(value >> 12);
        _registers[msb + 1] = (byte)(value >> 4);
        _registers[msb + 2] = (byte)((value & 0x0F) << 4);
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
