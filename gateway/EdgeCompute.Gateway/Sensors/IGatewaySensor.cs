namespace EdgeCompute.Gateway.Sensors;

/// <summary>
/// A sensor attached to the gateway itself: the one seam between the sampler and the drivers. The I2C sensors are
/// adapters over the <c>Iot.Device.Bindings</c> drivers; the thermal zone and the DS18B20 are read from sysfs.
/// </summary>
public interface IGatewaySensor : IDisposable
{
    /// <summary>Gets the sensor's name as configured (used in logs).</summary>
    string Name { get; }

    /// <summary>Gets the channels the sensor reports, in the order <see cref="TryRead"/> writes them.</summary>
    IReadOnlyList<SensorChannel> Channels { get; }

    /// <summary>Reads every channel once, as integer mantissas at each channel's decimal exponent.</summary>
    /// <param name="mantissas">Receives one mantissa per channel; at least <see cref="Channels"/>.Count long.</param>
    /// <returns><see langword="false"/> when the hardware did not answer or answered with a value that failed its checks
    /// (a dropout: nothing in <paramref name="mantissas"/> is a reading); never throws for a hardware fault.</returns>
    bool TryRead(Span<long> mantissas);
}
