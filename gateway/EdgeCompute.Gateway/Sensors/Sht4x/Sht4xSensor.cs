using System.Device.I2c;
using Iot.Device.Sht4x;
using UnitsNet;
using SensirionSht4x = Iot.Device.Sht4x.Sht4x;

namespace EdgeCompute.Gateway.Sensors.Sht4x;

/// <summary>
/// A Sensirion SHT40/SHT41/SHT45 humidity and temperature sensor read through the <c>Iot.Device.Bindings</c> driver
/// (<see cref="SensirionSht4x"/>): temperature (0.01 °C) and relative humidity (0.01 %RH). Each read is one
/// high-repeatability measurement, which the driver waits for (9 ms, datasheet table 4); a CRC failure on either word
/// is a dropout.
/// </summary>
public sealed class Sht4xSensor : IGatewaySensor
{
    /// <summary>The I2C address of the SHT40-AD1B, SHT41 and SHT45 (the gateway's default).</summary>
    public const int DefaultI2cAddress = SensirionSht4x.DefaultI2cAddress;

    private readonly SensirionSht4x _chip;

    private Sht4xSensor(string name, SensirionSht4x chip, IReadOnlyList<SensorChannel> channels)
    {
        Name = name;
        _chip = chip;
        Channels = channels;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public IReadOnlyList<SensorChannel> Channels { get; }

    /// <summary>Gets the chip's serial number, read when it was opened.</summary>
    public int SerialNumber { get; private init; }

    /// <summary>
    /// Resets the chip through the bindings' driver and reads its serial number, which proves that an SHT4x answers.
    /// The sensor owns <paramref name="device"/>; it is disposed also when this throws.
    /// </summary>
    /// <param name="name">The sensor's name, for logs.</param>
    /// <param name="device">The chip's I2C device.</param>
    /// <param name="channels">Two channels: temperature and humidity, with exponent -2 each.</param>
    /// <returns>The sensor.</returns>
    /// <exception cref="IOException">Nothing answered, or the serial number failed its CRC (not an SHT4x, or a bad bus).</exception>
    public static Sht4xSensor Open(string name, I2cDevice device, IReadOnlyList<SensorChannel> channels)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count != 2 || channels.Any(c => c.Exponent != -2))
        {
            device.Dispose();
            throw new ArgumentException("an SHT4x has two channels (temperature, humidity), each with exponent -2", nameof(channels));
        }

        var where = $"I2C bus {device.ConnectionSettings.BusId} at 0x{device.ConnectionSettings.DeviceAddress:X2}";
        try
        {
            var chip = new SensirionSht4x(device) { Repeatability = Sht4xRepeatability.High };
            var serial = chip.ReadSerialNumber()
                ?? throw new IOException($"the chip on {where} sent a serial number that fails the Sensirion CRC: not an SHT4x, or a noisy bus");
            return new Sht4xSensor(name, chip, channels) { SerialNumber = serial };
        }
        catch (IOException e) when (!e.Message.Contains(where, StringComparison.Ordinal))
        {
            device.Dispose();
            throw new IOException($"no SHT4x answered on {where}: {e.Message}", e);
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
        Temperature? temperature;
        RelativeHumidity? humidity;
        try
        {
            (humidity, temperature) = _chip.ReadHumidityAndTemperature(Sht4xRepeatability.High);
        }
        catch (IOException)
        {
            return false;
        }

        if (temperature is not { } t || humidity is not { } h)
        {
            return false;
        }

        mantissas[0] = (long)Math.Round(t.DegreesCelsius * 100, MidpointRounding.AwayFromZero);
        mantissas[1] = (long)Math.Round(h.Percent * 100, MidpointRounding.AwayFromZero);
        return true;
    }

    /// <summary>Disposes the driver and its I2C device.</summary>
    public void Dispose() => _chip.Dispose();
}
