namespace EdgeCompute.Gateway.Sensors;

/// <summary>One configured sensor: which driver, where the hardware is, and what its channels are called.</summary>
public sealed class SensorDefinition
{
    /// <summary>The default sysfs file of <see cref="SensorDriverNames.ThermalZone"/>.</summary>
    public const string DefaultThermalZonePath = "/sys/class/thermal/thermal_zone0/temp";

    /// <summary>Where the kernel lists 1-Wire devices; DS18B20 probes appear as <c>28-*</c> folders.</summary>
    public const string DefaultW1DevicesPath = "/sys/bus/w1/devices";

    /// <summary>Gets or sets the driver: <c>bme280</c>, <c>thermal-zone</c>, <c>ds18b20</c>, <c>sht4x</c> or <c>bh1750</c>.</summary>
    public string Driver { get; set; } = string.Empty;

    /// <summary>Gets or sets the name used in logs; defaults to the driver name.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the I2C bus (<c>/dev/i2c-N</c>) of an I2C sensor; default 1, the Pi's header bus.</summary>
    public int I2cBusId { get; set; } = 1;

    /// <summary>
    /// Gets or sets the 7-bit I2C address of an I2C sensor; configuration accepts <c>118</c> or <c>"0x76"</c>. When not
    /// set, the driver's default (<see cref="DefaultI2cAddress"/>): BME280 <c>0x76</c>, SHT4x <c>0x44</c>, BH1750 <c>0x23</c>.
    /// </summary>
    public int? I2cAddress { get; set; }

    /// <summary>
    /// Gets or sets the sysfs path of a sysfs sensor: the thermal zone's <c>temp</c> file (default
    /// <see cref="DefaultThermalZonePath"/>), or a DS18B20's <c>w1_slave</c> or <c>temperature</c> file or its
    /// <c>28-*</c> folder (default: the first <c>28-*</c> folder under <see cref="DefaultW1DevicesPath"/>).
    /// </summary>
    public string? Path { get; set; }

    /// <summary>
    /// Gets the channel names, in the driver's channel order, replacing the driver's defaults when given
    /// (bme280: <c>temp</c>, <c>hum</c>, <c>press</c>; thermal-zone: <c>cpu-temp</c>; ds18b20: <c>probe-temp</c>).
    /// </summary>
    public IList<string> Channels { get; } = [];

    /// <summary>Gets the I2C address this definition uses: <see cref="I2cAddress"/>, or the driver's default.</summary>
    public int EffectiveI2cAddress => I2cAddress ?? DefaultI2cAddress(Driver) ?? 0;

    /// <summary>The default I2C address of an I2C driver.</summary>
    /// <param name="driver">A driver name.</param>
    /// <returns>The address, or null for a driver that is not on I2C.</returns>
    public static int? DefaultI2cAddress(string? driver) => driver switch
    {
        SensorDriverNames.Bme280 => Bme280.Bme280Sensor.DefaultI2cAddress,
        SensorDriverNames.Sht4x => Sht4x.Sht4xSensor.DefaultI2cAddress,
        SensorDriverNames.Bh1750 => Bh1750.Bh1750Sensor.DefaultI2cAddress,
        _ => null,
    };
}
