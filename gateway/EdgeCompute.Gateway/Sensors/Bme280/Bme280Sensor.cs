using EdgeCompute.Gateway.Sensors;

namespace EdgeCompute.Gateway.Sensors.Bme280;

/// <summary>
/// A <see cref="Bme280Device"/> as a gateway sensor: temperature (0.01 °C), humidity (0.01 %RH) and pressure
/// (0.01 hPa, i.e. whole Pa), each rounded half up from the chip's fixed-point values.
/// </summary>
public sealed class Bme280Sensor : IGatewaySensor
{
    private readonly Bme280Device _chip;

    /// <summary>Wraps a driver; the sensor owns it.</summary>
    /// <param name="name">The sensor's name, for logs.</param>
    /// <param name="chip">The driver.</param>
    /// <param name="channels">Three channels: temperature, humidity, pressure, with exponent -2 each.</param>
    public Bme280Sensor(string name, Bme280Device chip, IReadOnlyList<SensorChannel> channels)
    {
        ArgumentNullException.ThrowIfNull(chip);
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count != 3 || channels.Any(c => c.Exponent != -2))
        {
            throw new ArgumentException("a BME280 has three channels (temperature, humidity, pressure), each with exponent -2", nameof(channels));
        }

        Name = name;
        _chip = chip;
        Channels = channels;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public IReadOnlyList<SensorChannel> Channels { get; }

    /// <inheritdoc />
    public bool TryRead(Span<long> mantissas)
    {
        if (!_chip.TryRead(out var reading))
        {
            return false;
        }

        mantissas[0] = reading.TemperatureCentiCelsius;
        mantissas[1] = ((reading.HumidityPercentQ10 * 100) + 512) >> 10; // Q22.10 %RH → 0.01 %RH
        mantissas[2] = (reading.PressurePascalsQ8 + 128) >> 8;            // Q24.8 Pa → Pa = 0.01 hPa
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _chip.Dispose();
}
