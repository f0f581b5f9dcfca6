using System.Globalization;
using EdgeCompute.Gateway.Sensors;

namespace EdgeCompute.Gateway.Sensors.ThermalZone;

/// <summary>
/// A Linux thermal zone, usually the SoC temperature: <c>/sys/class/thermal/thermal_zone0/temp</c> holds
/// millidegrees Celsius as a decimal integer. One channel, exponent -3.
/// </summary>
public sealed class ThermalZoneSensor : IGatewaySensor
{
    private readonly string _path;

    /// <summary>Opens a thermal zone.</summary>
    /// <param name="name">The sensor's name, for logs.</param>
    /// <param name="path">The zone's <c>temp</c> file.</param>
    /// <param name="channel">The channel; its exponent must be -3.</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public ThermalZoneSensor(string name, string path, SensorChannel channel)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(channel);
        if (channel.Exponent != -3)
        {
            throw new ArgumentException("a thermal zone reports millidegrees: the channel's exponent must be -3", nameof(channel));
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no thermal zone file {path} (list /sys/class/thermal/thermal_zone*/type to find the zone)", path);
        }

        Name = name;
        _path = path;
        Channels = [channel];
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public IReadOnlyList<SensorChannel> Channels { get; }

    /// <inheritdoc />
    public bool TryRead(Span<long> mantissas)
    {
        if (!TryReadMillidegrees(out var value))
        {
            return false;
        }

        mantissas[0] = value;
        return true;
    }

    /// <summary>Reads the zone's temperature.</summary>
    /// <param name="millidegrees">The temperature in m°C.</param>
    /// <returns><see langword="false"/> when the file cannot be read or does not hold an integer.</returns>
    public bool TryReadMillidegrees(out long millidegrees)
    {
        millidegrees = 0;
        string text;
        try
        {
            text = File.ReadAllText(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return long.TryParse(text.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out millidegrees);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing held open: the file is read afresh each time.
    }
}
