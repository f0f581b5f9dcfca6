using System.Buffers.Binary;
using System.Device.I2c;
using EdgeCompute.Gateway.Sensors.Bme280.Register;

namespace EdgeCompute.Gateway.Sensors.Bme280;

/// <summary>
/// Bosch BME280 temperature, humidity and pressure sensor over I2C (datasheet BST-BME280-DS002). Checks the chip
/// id, reads the trimming parameters, runs the chip in normal mode and compensates with the datasheet's integer
/// formulas. Owns and disposes the <see cref="I2cDevice"/>.
/// </summary>
public sealed class Bme280Device : IDisposable
{
    /// <summary>The value of the chip id register on a BME280.</summary>
    public const byte ChipId = 0x60;

    /// <summary>The I2C address with SDO to GND.</summary>
    public const int DefaultI2cAddress = 0x76;

    /// <summary>The I2C address with SDO to VDDIO.</summary>
    public const int SecondaryI2cAddress = 0x77;

    // The chip writes 0x80000 (0x8000 for humidity) while a channel is skipped or no measurement has finished yet.
    private const int NoTemperatureOrPressure = 0x80000;
    private const int NoHumidity = 0x8000;
    private const int DataLength = 8; // 0xF7…0xFE
    private const byte NormalMode = 0b11;
    private const byte Standby250Ms = 0b011;

    private readonly I2cDevice _device;
    private readonly Bme280Calibration _calibration;
    private bool _disposed;

    /// <summary>Checks the chip, reads its calibration and starts measuring (normal mode, 250 ms standby, filter off).</summary>
    /// <param name="device">The chip's I2C device; disposed with this driver, and also when the constructor throws.</param>
    /// <param name="oversampling">Oversampling of all three channels.</param>
    /// <exception cref="IOException">The chip did not answer, or its chip id is not <see cref="ChipId"/>.</exception>
    public Bme280Device(I2cDevice device, Bme280Sampling oversampling = Bme280Sampling.X1)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        try
        {
            CheckChipId();
            Span<byte> block88 = stackalloc byte[Bme280Calibration.TemperaturePressureLength];
            Span<byte> blockE1 = stackalloc byte[Bme280Calibration.HumidityLength];
            ReadRegisters(Bme280Register.CalibrationTemperaturePressure, block88);
            ReadRegisters(Bme280Register.CalibrationHumidity, blockE1);
            _calibration = Bme280Calibration.Parse(block88, blockE1);

            // ctrl_hum only takes effect after the following ctrl_meas write; config is written while still asleep.
            var osrs = (byte)oversampling;
            WriteRegister(Bme280Register.ControlHumidity, osrs);
            WriteRegister(Bme280Register.Config, Standby250Ms << 5);
            WriteRegister(Bme280Register.ControlMeasurement, (byte)((osrs << 5) | (osrs << 2) | NormalMode));
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <summary>Reads the latest measurement and compensates it.</summary>
    /// <param name="reading">The reading, when the method returns <see langword="true"/>.</param>
    /// <returns><see langword="false"/> when the bus failed or the chip has no finished measurement yet.</returns>
    /// <exception cref="ObjectDisposedException">The driver was disposed.</exception>
    public bool TryRead(out Bme280Reading reading)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        reading = default;
        Span<byte> data = stackalloc byte[DataLength];
        try
        {
            ReadRegisters(Bme280Register.PressureMsb, data);
        }
        catch (IOException)
        {
            return false;
        }

        var adcP = (data[0] << 12) | (data[1] << 4) | (data[2] >> 4);
        var adcT = (data[3] << 12) | (data[4] << 4) | (data[5] >> 4);
        var adcH = BinaryPrimitives.ReadUInt16BigEndian(data[6..]);
        if (adcT == NoTemperatureOrPressure || adcP == NoTemperatureOrPressure || adcH == NoHumidity)
        {
            return false;
        }

        var temperature = Bme280Compensation.Temperature(_calibration, adcT, out var fine);
        var pressure = Bme280Compensation.Pressure(_calibration, adcP, fine);
        if (pressure == 0)
        {
            return false;
        }

        reading = new Bme280Reading(temperature, pressure, Bme280Compensation.Humidity(_calibration, adcH, fine));
        return true;
    }

    /// <summary>Disposes the I2C device.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _device.Dispose();
        }
    }

    private void CheckChipId()
    {
        Span<byte> id = stackalloc byte[1];
        try
        {
            ReadRegisters(Bme280Register.ChipId, id);
        }
        catch (IOException e)
        {
            throw new IOException($"no BME280 answered on {Where()}: {e.Message}", e);
        }

        if (id[0] != ChipId)
        {
            var what = id[0] switch
            {
                0x56 or 0x57 or 0x58 => " (a BMP280, which has no humidity)",
                0x61 => " (a BME680)",
                _ => string.Empty,
            };
            throw new IOException($"the chip on {Where()} has chip id 0x{id[0]:X2}{what}, a BME280 has 0x{ChipId:X2}");
        }
    }

    private string Where() =>
        $"I2C bus {_device.ConnectionSettings.BusId} at 0x{_device.ConnectionSettings.DeviceAddress:X2}";

    private void ReadRegisters(Bme280Register first, Span<byte> destination) =>
        _device.WriteRead([(byte)first], destination);

    private void WriteRegister(Bme280Register register, int value) =>
        _device.Write([(byte)register, (byte)value]);
}
