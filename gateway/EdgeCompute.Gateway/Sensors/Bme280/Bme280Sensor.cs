using System.Device.I2c;
using Iot.Device.Bmxx80;
using Iot.Device.Bmxx80.FilteringMode;
using Iot.Device.Bmxx80.PowerMode;
using BoschBme280 = Iot.Device.Bmxx80.Bme280;

namespace EdgeCompute.Gateway.Sensors.Bme280;

/// <summary>
/// A Bosch BME280 read through the <c>Iot.Device.Bindings</c> driver (<see cref="BoschBme280"/>): temperature
/// (0.01 °C), humidity (0.01 %RH) and pressure (0.01 hPa, i.e. whole Pa), each rounded half away from zero from the
/// driver's values. The chip runs in normal mode (×1 oversampling, 125 ms standby, filter off), so a read never waits
/// for a measurement.
/// </summary>
public sealed class Bme280Sensor : IGatewaySensor
{
    /// <summary>The value of the chip id register (0xD0) on a BME280.</summary>
    public const byte ChipId = 0x60;

    /// <summary>The I2C address with SDO to GND (the gateway's default).</summary>
    public const int DefaultI2cAddress = BoschBme280.SecondaryI2cAddress;

    /// <summary>The I2C address with SDO to VDDIO.</summary>
    public const int SecondaryI2cAddress = BoschBme280.DefaultI2cAddress;

    private const byte ChipIdRegister = 0xD0;
    private readonly BoschBme280 _chip;

    private Bme280Sensor(string name, BoschBme280 chip, IReadOnlyList<SensorChannel> channels)
    {
        Name = name;
        _chip = chip;
        Channels = channels;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public IReadOnlyList<SensorChannel> Channels { get; }

    /// <summary>
    /// Checks the chip id, hands the device to the bindings' driver (which reads the calibration and resets the chip)
    /// and starts normal mode. The sensor owns <paramref name="device"/>; it is disposed also when this throws.
    /// </summary>
    /// <param name="name">The sensor's name, for logs.</param>
    /// <param name="device">The chip's I2C device.</param>
    /// <param name="channels">Three channels: temperature, humidity, pressure, with exponent -2 each.</param>
    /// <returns>The sensor.</returns>
    /// <exception cref="IOException">The chip did not answer, or it is not a BME280 (the message names the id found).</exception>
    public static Bme280Sensor Open(string name, I2cDevice device, IReadOnlyList<SensorChannel> channels)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count != 3 || channels.Any(c => c.Exponent != -2))
        {
            device.Dispose();
            throw new ArgumentException("a BME280 has three channels (temperature, humidity, pressure), each with exponent -2", nameof(channels));
        }

        try
        {
            CheckChipId(device);
            var chip = new BoschBme280(device)
            {
                TemperatureSampling = Sampling.UltraLowPower,
                PressureSampling = Sampling.UltraLowPower,
                HumiditySampling = Sampling.UltraLowPower,
                FilterMode = Bmx280FilteringMode.Off,
                StandbyTime = StandbyTime.Ms125,
            };
            chip.SetPowerMode(Bmx280PowerMode.Normal);
            return new Bme280Sensor(name, chip, channels);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public bool TryRead(Span<long> mantissas)
    {
        Iot.Device.Bmxx80.ReadResult.Bme280ReadResult result;
        try
        {
            result = _chip.Read();
        }
        catch (IOException)
        {
            return false;
        }

        if (result.Temperature is not { } temperature || result.Humidity is not { } humidity || result.Pressure is not { } pressure)
        {
            return false;
        }

        // Outside the chip's operating range (datasheet table 1) is a bad read, not a reading.
        var celsius = temperature.DegreesCelsius;
        var percent = humidity.Percent;
        var pascals = pressure.Pascals;
        if (celsius is < -40 or > 85 || percent is < 0 or > 100 || pascals is < 30_000 or > 110_000)
        {
            return false;
        }

        mantissas[0] = (long)Math.Round(celsius * 100, MidpointRounding.AwayFromZero);
        mantissas[1] = (long)Math.Round(percent * 100, MidpointRounding.AwayFromZero);
        mantissas[2] = (long)Math.Round(pascals, MidpointRounding.AwayFromZero);
        return true;
    }

    /// <summary>Disposes the driver and its I2C device.</summary>
    public void Dispose() => _chip.Dispose();

    private static void CheckChipId(I2cDevice device)
    {
        // The bindings check the id too; reading it first lets the message say what answered instead.
        var where = $"I2C bus {device.ConnectionSettings.BusId} at 0x{device.ConnectionSettings.DeviceAddress:X2}";
        byte id;
        try
        {
            device.WriteByte(ChipIdRegister);
            id = device.ReadByte();
        }
        catch (IOException e)
        {
            throw new IOException($"no BME280 answered on {where}: {e.Message}", e);
        }

        if (id != ChipId)
        {
            var what = id switch
            {
                0x56 or 0x57 or 0x58 => " (a BMP280, which has no humidity)",
                0x61 => " (a BME680)",
                _ => string.Empty,
            };
            throw new IOException($"the chip on {where} has chip id 0x{id:X2}{what}, a BME280 has 0x{ChipId:X2}");
        }
    }
}
