using System.Device.I2c;
using EdgeCompute.Gateway.Sensors.Bh1750;
using EdgeCompute.Gateway.Sensors.Bme280;
using EdgeCompute.Gateway.Sensors.Ds18b20;
using EdgeCompute.Gateway.Sensors.Sht4x;
using EdgeCompute.Gateway.Sensors.ThermalZone;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Gateway.Sensors;

/// <summary>
/// Opens the sensors that <see cref="SensorOptions"/> names. Missing hardware (no <c>/dev/i2c-N</c>, no sysfs
/// file, wrong chip id) is a warning naming the sensor and the cause; that sensor is left out and the others carry on.
/// </summary>
public sealed class SensorDriverFactory
{
    private readonly ILogger<SensorDriverFactory> _logger;
    private readonly Func<I2cConnectionSettings, I2cDevice> _openI2cDevice;
    private readonly string _w1DevicesPath;

    /// <summary>Creates a factory for the real hardware.</summary>
    /// <param name="logger">Receives one line per sensor opened or left out.</param>
    public SensorDriverFactory(ILogger<SensorDriverFactory> logger)
        : this(logger, OpenI2cDevice, SensorDefinition.DefaultW1DevicesPath)
    {
    }

    /// <summary>Creates a factory over other I2C devices and 1-Wire folder (tests, other boards).</summary>
    internal SensorDriverFactory(ILogger<SensorDriverFactory> logger, Func<I2cConnectionSettings, I2cDevice> openI2cDevice, string w1DevicesPath)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _openI2cDevice = openI2cDevice;
        _w1DevicesPath = w1DevicesPath;
    }

    /// <summary>Opens every configured sensor that is present.</summary>
    /// <param name="options">Validated options.</param>
    /// <returns>The sensors that opened, in configuration order; the caller owns them.</returns>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="SensorOptionsValidator"/>).</exception>
    public IReadOnlyList<IGatewaySensor> CreateSensors(SensorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = SensorOptionsValidator.Check(options);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        var sensors = new List<IGatewaySensor>();
        foreach (var definition in options.Sensors)
        {
            if (TryCreate(definition) is { } sensor)
            {
                sensors.Add(sensor);
            }
        }

        return sensors;
    }

    /// <summary>Opens one sensor, or logs why it is not available.</summary>
    /// <param name="definition">A valid definition.</param>
    /// <returns>The sensor, or <see langword="null"/> when its hardware is missing or does not answer.</returns>
    public IGatewaySensor? TryCreate(SensorDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var name = string.IsNullOrEmpty(definition.Name) ? definition.Driver : definition.Name;
        var channels = SensorChannelDefaults.Resolve(definition);
        try
        {
            IGatewaySensor sensor = definition.Driver switch
            {
                SensorDriverNames.Bme280 => Bme280Sensor.Open(name, OpenI2c(definition), channels),
                SensorDriverNames.Sht4x => Sht4xSensor.Open(name, OpenI2c(definition), channels),
                SensorDriverNames.Bh1750 => Bh1750Sensor.Open(name, OpenI2c(definition), channels),
                SensorDriverNames.ThermalZone => new ThermalZoneSensor(
                    name, string.IsNullOrEmpty(definition.Path) ? SensorDefinition.DefaultThermalZonePath : definition.Path, channels[0]),
                SensorDriverNames.Ds18b20 => new Ds18b20Sensor(name, ProbePath(name, definition), channels[0]),
                _ => throw new ArgumentException($"unknown sensor driver \"{definition.Driver}\"", nameof(definition)),
            };
            SensorLog.SensorReady(_logger, name, definition.Driver, string.Join(", ", channels.Select(c => $"{c.Name} ({c.Unit}, 1e{c.Exponent})")));
            return sensor;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            SensorLog.SensorUnavailable(_logger, name, definition.Driver, e.Message);
            return null;
        }
    }

    private I2cDevice OpenI2c(SensorDefinition definition) =>
        _openI2cDevice(new I2cConnectionSettings(definition.I2cBusId, definition.EffectiveI2cAddress));

    private string ProbePath(string name, SensorDefinition definition)
    {
        if (!string.IsNullOrEmpty(definition.Path))
        {
            return definition.Path;
        }

        var path = Ds18b20Sensor.FindFirstProbe(_w1DevicesPath, out var others);
        if (others > 0)
        {
            SensorLog.MoreProbes(_logger, name, path, others);
        }

        return path;
    }

    private static I2cDevice OpenI2cDevice(I2cConnectionSettings settings)
    {
        // Checked here so the log says what to do rather than a bare errno from the first transfer.
        var busFile = $"/dev/i2c-{settings.BusId}";
        if (OperatingSystem.IsLinux() && !File.Exists(busFile))
        {
            throw new IOException($"no {busFile}: enable I2C (raspi-config nonint do_i2c 0, or dtparam=i2c_arm=on in /boot/firmware/config.txt)");
        }

        return I2cDevice.Create(settings);
    }
}
