using System.Device.I2c;
using EdgeCompute.Gateway.Sensors;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Gateway.Tests.Sensors;

public sealed class SensorDriverFactoryTests : IDisposable
{
    private readonly TempDirectory _sysfs = new();
    private readonly RecordingLogger<SensorDriverFactory> _log = new();

    [Fact]
    public void Opens_every_configured_sensor_that_is_present()
    {
        var zone = _sysfs.Write("thermal/thermal_zone0/temp", "45000\n");
        _sysfs.Write("w1/28-00000a/w1_slave", "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n");
        var opened = new List<I2cConnectionSettings>();
        var factory = Factory(settings =>
        {
            opened.Add(settings);
            return settings.DeviceAddress switch
            {
                0x44 => new SimulatedSht4x(),
                0x23 => new SimulatedBh1750 { Result = 120 },
                _ => Bme280Tests.ExampleChip(settings.BusId, settings.DeviceAddress),
            };
        });

        var sensors = factory.CreateSensors(SensorOptionsValidatorTests.Options(
            new SensorDefinition { Driver = "bme280", I2cAddress = 0x77, Name = "outside" },
            new SensorDefinition { Driver = "thermal-zone", Path = zone },
            new SensorDefinition { Driver = "ds18b20" },
            new SensorDefinition { Driver = "sht4x" },
            new SensorDefinition { Driver = "bh1750" }));

        Assert.Equal(["outside", "thermal-zone", "ds18b20", "sht4x", "bh1750"], sensors.Select(s => s.Name));
        Assert.Equal([new I2cConnectionSettings(1, 0x77), new I2cConnectionSettings(1, 0x44), new I2cConnectionSettings(1, 0x23)], opened);
        Assert.Equal(["temp", "hum", "press", "cpu-temp", "probe-temp", "sht-temp", "sht-hum", "light"], sensors.SelectMany(s => s.Channels).Select(c => c.Name));
        Assert.All(sensors, s => Assert.True(s.TryRead(new long[s.Channels.Count])));
        Assert.Equal(5, _log.Lines.Count(l => l.Level == LogLevel.Information && l.Message.Contains("ready", StringComparison.Ordinal)));
        foreach (var sensor in sensors)
        {
            sensor.Dispose();
        }
    }

    [Fact]
    public void Leaves_out_missing_hardware_with_a_clear_warning_and_keeps_the_others()
    {
        var zone = _sysfs.Write("thermal/thermal_zone0/temp", "45000\n");
        var factory = Factory(_ => throw new IOException("no /dev/i2c-1: enable I2C"));
        var gpu = new SensorDefinition { Driver = "thermal-zone", Path = Path.Combine(_sysfs.Path, "thermal/thermal_zone9/temp"), Name = "gpu" };
        gpu.Channels.Add("gpu-temp");

        var sensors = factory.CreateSensors(SensorOptionsValidatorTests.Options(
            new SensorDefinition { Driver = "bme280" },
            new SensorDefinition { Driver = "thermal-zone", Path = zone },
            gpu,
            new SensorDefinition { Driver = "ds18b20", Name = "probe" }));

        var sensor = Assert.Single(sensors);
        Assert.Equal("thermal-zone", sensor.Name);
        var warnings = _log.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message).ToArray();
        Assert.Equal(3, warnings.Length);
        Assert.Contains("Sensor bme280 (bme280) is not available", warnings[0], StringComparison.Ordinal);
        Assert.Contains("no /dev/i2c-1", warnings[0], StringComparison.Ordinal);
        Assert.Contains("Sensor gpu (thermal-zone) is not available", warnings[1], StringComparison.Ordinal);
        Assert.Contains("thermal_zone9", warnings[1], StringComparison.Ordinal);
        Assert.Contains("Sensor probe (ds18b20) is not available", warnings[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Leaves_out_a_chip_with_the_wrong_id_and_says_what_it_found()
    {
        var factory = Factory(_ =>
        {
            var chip = Bme280Tests.ExampleChip();
            chip[0xD0] = 0x61;
            return chip;
        });

        var sensors = factory.CreateSensors(SensorOptionsValidatorTests.Options(new SensorDefinition { Driver = "bme280" }));

        Assert.Empty(sensors);
        var warning = Assert.Single(_log.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains("chip id 0x61 (a BME680)", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tells_how_to_enable_i2c_when_the_bus_device_is_missing()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && !File.Exists("/dev/i2c-99"), "needs Linux without /dev/i2c-99");
        var factory = new SensorDriverFactory(_log);

        var sensors = factory.CreateSensors(SensorOptionsValidatorTests.Options(new SensorDefinition { Driver = "bme280", I2cBusId = 99 }));

        Assert.Empty(sensors);
        var warning = Assert.Single(_log.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains("no /dev/i2c-99: enable I2C", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_invalid_options()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Factory(_ => Bme280Tests.ExampleChip()).CreateSensors(SensorOptionsValidatorTests.Options(new SensorDefinition { Driver = "bme680" })));

        Assert.Contains("SensorOptions:Sensors:0:Driver", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _sysfs.Dispose();

    private SensorDriverFactory Factory(Func<I2cConnectionSettings, I2cDevice> openI2cDevice) =>
        new(_log, openI2cDevice, Path.Combine(_sysfs.Path, "w1"));
}
