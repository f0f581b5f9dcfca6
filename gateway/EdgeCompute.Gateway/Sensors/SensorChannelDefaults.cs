namespace EdgeCompute.Gateway.Sensors;

/// <summary>Each driver's channels (unit and exponent are the driver's; the names can be configured).</summary>
internal static class SensorChannelDefaults
{
    private static readonly SensorChannel[] _bme280 =
    [
        new("temp", "Cel", -2),   // 0.01 °C, the chip's native resolution
        new("hum", "%RH", -2),    // 0.01 %RH, from Q22.10
        new("press", "hPa", -2),  // 0.01 hPa = 1 Pa, from Q24.8
    ];

    private static readonly SensorChannel[] _thermalZone = [new("cpu-temp", "Cel", -3)];   // sysfs millidegrees, exact
    private static readonly SensorChannel[] _ds18b20 = [new("probe-temp", "Cel", -3)];     // w1_therm millidegrees, exact

    private static readonly SensorChannel[] _sht4x =
    [
        new("sht-temp", "Cel", -2), // 0.01 °C; the chip resolves 0.01 °C at high repeatability
        new("sht-hum", "%RH", -2),  // 0.01 %RH
    ];

    private static readonly SensorChannel[] _bh1750 = [new("light", "lx", -1)];            // 0.1 lx; the chip counts 1/1.2 lx

    /// <summary>The driver's default channels, or null for an unknown driver.</summary>
    public static IReadOnlyList<SensorChannel>? For(string? driver) => driver switch
    {
        SensorDriverNames.Bme280 => _bme280,
        SensorDriverNames.ThermalZone => _thermalZone,
        SensorDriverNames.Ds18b20 => _ds18b20,
        SensorDriverNames.Sht4x => _sht4x,
        SensorDriverNames.Bh1750 => _bh1750,
        _ => null,
    };

    /// <summary>The definition's channels: the driver's defaults with the configured names, when given.</summary>
    public static IReadOnlyList<SensorChannel> Resolve(SensorDefinition definition)
    {
        var defaults = For(definition.Driver)
            ?? throw new ArgumentException($"unknown sensor driver \"{definition.Driver}\"", nameof(definition));
        if (definition.Channels.Count == 0)
        {
            return defaults;
        }

        var channels = new SensorChannel[defaults.Count];
        for (var i = 0; i < channels.Length; i++)
        {
            channels[i] = defaults[i] with { Name = definition.Channels[i] };
        }

        return channels;
    }
}
