namespace EdgeCompute.Gateway.Sensors;

/// <summary>The values of <see cref="SensorDefinition.Driver"/>.</summary>
public static class SensorDriverNames
{
    /// <summary>Bosch BME280 over I2C (Iot.Device.Bmxx80): temperature, humidity, pressure.</summary>
    public const string Bme280 = "bme280";

    /// <summary>A Linux thermal zone (the SoC temperature) read from sysfs.</summary>
    public const string ThermalZone = "thermal-zone";

    /// <summary>A Maxim DS18B20 probe on the 1-Wire bus, read through the kernel's w1_therm sysfs files.</summary>
    public const string Ds18b20 = "ds18b20";

    /// <summary>Sensirion SHT40/SHT41/SHT45 over I2C (Iot.Device.Sht4x): temperature, humidity.</summary>
    public const string Sht4x = "sht4x";

    /// <summary>ROHM BH1750FVI over I2C (Iot.Device.Bh1750fvi): illuminance.</summary>
    public const string Bh1750 = "bh1750";

    /// <summary>Every supported driver, as listed in error messages.</summary>
    public static IReadOnlyList<string> All { get; } = [Bme280, ThermalZone, Ds18b20, Sht4x, Bh1750];

    /// <summary>Whether <paramref name="driver"/> talks I2C (and so uses <see cref="SensorDefinition.I2cBusId"/> and <see cref="SensorDefinition.I2cAddress"/>).</summary>
    /// <param name="driver">A driver name.</param>
    /// <returns><see langword="true"/> for the I2C drivers.</returns>
    public static bool IsI2c(string? driver) => driver is Bme280 or Sht4x or Bh1750;
}
