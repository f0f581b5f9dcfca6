namespace EdgeCompute.Gateway.Sensors.Bme280;

/// <summary>
/// The datasheet's integer compensation formulas (BST-BME280-DS002, section 4.2.3), transcribed operation for
/// operation: 32-bit temperature, 64-bit pressure, 32-bit humidity. Arithmetic right shifts and wrap-around are
/// those of the reference C code.
/// </summary>
internal static class Bme280Compensation
{
    /// <summary>Temperature in 0.01 °C; <paramref name="fineTemperature"/> is t_fine, which pressure and humidity use.</summary>
    public static int Temperature(Bme280Calibration c, int adcT, out int fineTemperature)
    {
        var var1 = (((adcT >> 3) - (c.T1 << 1)) * c.T2) >> 11;
        var var2 = (((((adcT >> 4) - c.T1) * ((adcT >> 4) - c.T1)) >> 12) * c.T3) >> 14;
        fineTemperature = var1 + var2;
        return ((fineTemperature * 5) + 128) >> 8;
    }

    /// <summary>Pressure in Pa as Q24.8 (the 64-bit formula); 0 when the calibration would divide by zero.</summary>
    public static long Pressure(Bme280Calibration c, int adcP, int fineTemperature)
    {
        long var1 = fineTemperature - 128000L;
        var var2 = var1 * var1 * c.P6;
        var2 += (var1 * c.P5) << 17;
        var2 += (long)c.P4 << 35;
        var1 = ((var1 * var1 * c.P3) >> 8) + ((var1 * c.P2) << 12);
        var1 = (((1L << 47) + var1) * c.P1) >> 33;
        if (var1 == 0)
        {
            return 0; // avoids a division by zero, as in the datasheet
        }

        long p = 1048576 - adcP;
        p = (((p << 31) - var2) * 3125) / var1;
        var1 = (c.P9 * (p >> 13) * (p >> 13)) >> 25;
        var2 = (c.P8 * p) >> 19;
        p = ((p + var1 + var2) >> 8) + ((long)c.P7 << 4);
        return (uint)p;
    }

    /// <summary>Relative humidity in %RH as Q22.10, clamped to 0…100 %RH.</summary>
    public static long Humidity(Bme280Calibration c, int adcH, int fineTemperature)
    {
        var x = fineTemperature - 76800;
        x = ((((adcH << 14) - (c.H4 << 20) - (c.H5 * x)) + 16384) >> 15)
            * ((((((((x * c.H6) >> 10) * (((x * c.H3) >> 11) + 32768)) >> 10) + 2097152) * c.H2) + 8192) >> 14);
        x -= ((((x >> 15) * (x >> 15)) >> 7) * c.H1) >> 4;
        x = Math.Clamp(x, 0, 419430400);
        return (uint)(x >> 12);
    }
}
