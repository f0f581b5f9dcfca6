using EdgeCompute.Gateway.Sensors.Bme280;

namespace EdgeCompute.Gateway.Sensors;

/// <summary>The values of <see cref="SensorDefinition.Driver"/>.</summary>
public static class SensorDriverNames
{
    /// <summary>Bosch BME280 over I2C: temperature, humidity, pressure.</summary>
    public const string Bme280 = "bme280";

    /// <summary>A Linux thermal zone (the SoC temperature) read from sysfs.</summary>
    public const string ThermalZone = "thermal-zone";

    /// <summary>A Maxim DS18B20 probe on the 1-Wire bus, read through the kernel's w1_therm sysfs files.</summary>
    public const string Ds18b20 = "ds18b20";

    /// <summary>Every supported driver, as listed in error messages.</summary>
    public static IReadOnlyList<string> All { get; } = [Bme280, ThermalZone, Ds18b20];
}
