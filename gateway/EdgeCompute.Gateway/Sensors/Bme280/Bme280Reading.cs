namespace EdgeCompute.Gateway.Sensors.Bme280;

/// <summary>One compensated BME280 measurement, in the integer forms of the datasheet's formulas.</summary>
/// <param name="TemperatureCentiCelsius">Temperature in 0.01 °C (2508 = 25.08 °C).</param>
/// <param name="PressurePascalsQ8">Pressure in Pa as Q24.8 fixed point: Pa × 256 (24674867 = 96386.2 Pa).</param>
/// <param name="HumidityPercentQ10">Relative humidity in %RH as Q22.10 fixed point: %RH × 1024 (47445 = 46.333 %RH).</param>
public readonly record struct Bme280Reading(int TemperatureCentiCelsius, long PressurePascalsQ8, long HumidityPercentQ10)
{
    /// <summary>Gets the temperature in °C.</summary>
    public double TemperatureCelsius => TemperatureCentiCelsius / 100.0;

    /// <summary>Gets the pressure in Pa.</summary>
    public double PressurePascals => PressurePascalsQ8 / 256.0;

    /// <summary>Gets the relative humidity in %RH.</summary>
    public double HumidityPercent => HumidityPercentQ10 / 1024.0;
}
