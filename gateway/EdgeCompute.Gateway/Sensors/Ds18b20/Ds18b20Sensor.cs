using EdgeCompute.Gateway.Sensors;

namespace EdgeCompute.Gateway.Sensors.Ds18b20;

/// <summary>
/// A Maxim DS18B20 temperature probe on the 1-Wire bus, read through the kernel's w1_therm sysfs files
/// (<c>/sys/bus/w1/devices/28-*/w1_slave</c>, or <c>temperature</c>). One channel in m°C, exponent -3.
/// A read whose CRC failed, or that is missing or malformed, is a dropout.
/// </summary>
public sealed class Ds18b20Sensor : IGatewaySensor
{
    private const string W1SlaveFile = "w1_slave";
    private const string TemperatureFile = "temperature";
    private readonly bool _isW1Slave;

    /// <summary>Opens a probe.</summary>
    /// <param name="name">The sensor's name, for logs.</param>
    /// <param name="path">The probe's <c>w1_slave</c> or <c>temperature</c> file, or its <c>28-*</c> folder (then <c>w1_slave</c> is used).</param>
    /// <param name="channel">The channel; its exponent must be -3.</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public Ds18b20Sensor(string name, string path, SensorChannel channel)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(channel);
        if (channel.Exponent != -3)
        {
            throw new ArgumentException("a DS18B20 reports millidegrees: the channel's exponent must be -3", nameof(channel));
        }

        if (Directory.Exists(path))
        {
            path = System.IO.Path.Combine(path, W1SlaveFile);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no DS18B20 file {path} (is the w1-gpio overlay loaded and the probe wired?)", path);
        }

        Name = name;
        Path = path;
        _isW1Slave = System.IO.Path.GetFileName(path) != TemperatureFile;
        Channels = [channel];
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Gets the file the probe is read from.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public IReadOnlyList<SensorChannel> Channels { get; }

    /// <summary>Finds the probe folder of a definition without a path: the first <c>28-*</c> folder (by name).</summary>
    /// <param name="devicesPath">Where the kernel lists 1-Wire devices (normally <see cref="SensorDefinition.DefaultW1DevicesPath"/>).</param>
    /// <param name="others">How many further probes there are (configure their paths to read them).</param>
    /// <returns>The folder.</returns>
    /// <exception cref="DirectoryNotFoundException">No 1-Wire bus or no DS18B20 on it.</exception>
    public static string FindFirstProbe(string devicesPath, out int others)
    {
        if (!Directory.Exists(devicesPath))
        {
            throw new DirectoryNotFoundException($"no 1-Wire devices folder {devicesPath} (add dtoverlay=w1-gpio to /boot/firmware/config.txt)");
        }

        var probes = Directory.GetDirectories(devicesPath, "28-*").Order(StringComparer.Ordinal).ToArray();
        others = Math.Max(0, probes.Length - 1);
        return probes.Length > 0
            ? probes[0]
            : throw new DirectoryNotFoundException($"no DS18B20 (28-*) under {devicesPath}: check the probe's wiring and its 4.7 kΩ pull-up");
    }

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

    /// <summary>Reads the probe.</summary>
    /// <param name="millidegrees">The temperature in m°C.</param>
    /// <returns><see langword="false"/> on a CRC failure, a missing file (probe unplugged) or malformed content.</returns>
    public bool TryReadMillidegrees(out long millidegrees)
    {
        millidegrees = 0;
        string text;
        try
        {
            text = File.ReadAllText(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return _isW1Slave
            ? W1ThermText.TryParseW1Slave(text, out millidegrees)
            : W1ThermText.TryParseMillidegrees(text, out millidegrees);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing held open: the file is read afresh each time.
    }
}
