using System.Device.I2c;
using Iot.Device.Bh1750fvi;

namespace EdgeCompute.Gateway.Sensors.Bh1750;

/// <summary>
/// A ROHM BH1750FVI ambient light sensor read through the <c>Iot.Device.Bindings</c> driver (<see cref="Bh1750fvi"/>):
/// illuminance in 0.1 lx, continuous high-resolution mode (1 lx steps, a new result every 120 ms), so a read never
/// waits for a measurement. The chip has no id register: it counts as present when it acknowledges the power-on,
/// reset and measurement-time commands.
/// </summary>
public sealed class Bh1750Sensor : IGatewaySensor
{
    /// <summary>The I2C address with ADDR low or open (the gateway's default).</summary>
    public const int DefaultI2cAddress = (int)I2cAddress.AddPinLow;

    /// <summary>The I2C address with ADDR high.</summary>
    public const int SecondaryI2cAddress = (int)I2cAddress.AddPinHigh;

    private readonly Bh1750fvi _chip;

    private Bh1750Sensor(string name, Bh1750fvi chip, IReadOnlyList<SensorChannel> channels)
    {
        Name = name;
        _chip = chip;
        Channels = channels;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public IReadOnlyList<SensorChannel> Channels { get; }

    /// <summary>Powers the chip on through the bindings' driver. The sensor owns <paramref name="device"/>; it is disposed also when this throws.</summary>
    /// <param name="name">The sensor's name, for logs.</param>
    /// <param name="device">The chip's I2C device.</param>
    /// <param name="channels">One channel: illuminance with exponent -1.</param>
    /// <returns>The sensor.</returns>
    /// <exception cref="IOException">Nothing answered.</exception>
    public static Bh1750Sensor Open(string name, I2cDevice device, IReadOnlyList<SensorChannel> channels)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count != 1 || channels[0].Exponent != -1)
        {
            device.Dispose();
            throw new ArgumentException("a BH1750 has one channel (illuminance) with exponent -1", nameof(channels));
        }

        try
        {
            return new Bh1750Sensor(name, new Bh1750fvi(device, MeasuringMode.ContinuouslyHighResolutionMode), channels);
        }
        catch (IOException e)
        {
            device.Dispose();
            throw new IOException($"no BH1750 answered on I2C bus {device.ConnectionSettings.BusId} at 0x{device.ConnectionSettings.DeviceAddress:X2}: {e.Message}", e);
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
        try
        {
            mantissas[0] = (long)Math.Round(_chip.Illuminance.Lux * 10, MidpointRounding.AwayFromZero);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Disposes the driver and its I2C device.</summary>
    public void Dispose() => _chip.Dispose();
}
