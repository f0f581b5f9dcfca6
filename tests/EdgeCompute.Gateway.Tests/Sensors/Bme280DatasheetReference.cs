using System.Numerics;

namespace EdgeCompute.Gateway.Tests.Sensors;

/// <summary>
/// The datasheet's compensation formulas written independently of the driver's code, as the reference its results
/// are checked against: the floating-point formulas (BST-BME280-DS002, section 8.1) and the 64-bit integer pressure
/// formula in unbounded integers.
/// </summary>
internal static class Bme280DatasheetReference
{
    public static double Temperature(double t1, double t2, double t3, int adcT, out double fine)
    {
        var var1 = ((adcT / 16384.0) - (t1 / 1024.0)) * t2;
        var var2 = ((adcT / 131072.0) - (t1 / 8192.0)) * ((adcT / 131072.0) - (t1 / 8192.0)) * t3;
        fine = var1 + var2;
        return (var1 + var2) / 5120.0;
    }

    public static double Pressure(double fine, int adcP, double p1, double p2, double p3, double p4, double p5, double p6, double p7, double p8, double p9)
    {
        var var1 = (fine / 2.0) - 64000.0;
        var var2 = var1 * var1 * p6 / 32768.0;
        var2 += var1 * p5 * 2.0;
        var2 = (var2 / 4.0) + (p4 * 65536.0);
        var1 = ((p3 * var1 * var1 / 524288.0) + (p2 * var1)) / 524288.0;
        var1 = (1.0 + (var1 / 32768.0)) * p1;
        var p = 1048576.0 - adcP;
        p = (p - (var2 / 4096.0)) * 6250.0 / var1;
        var1 = p9 * p * p / 2147483648.0;
        var2 = p * p8 / 32768.0;
        return p + ((var1 + var2 + p7) / 16.0);
    }

    /// <summary>The 64-bit integer pressure formula in <see cref="BigInteger"/>s: no overflow can hide here.</summary>
    public static long PressureQ8WithUnboundedIntegers(int fine, int adcP, BigInteger p1, BigInteger p2, BigInteger p3, BigInteger p4, BigInteger p5, BigInteger p6, BigInteger p7, BigInteger p8, BigInteger p9)
    {
        BigInteger var1 = fine - 128000;
        var var2 = (var1 * var1 * p6) + ((var1 * p5) << 17) + (p4 << 35);
        var1 = ((var1 * var1 * p3) >> 8) + ((var1 * p2) << 12);
        var1 = (((BigInteger.One << 47) + var1) * p1) >> 33;
        BigInteger p = 1048576 - adcP;
        p = BigInteger.Divide(((p << 31) - var2) * 3125, var1); // truncates toward zero, as C does
        var1 = (p9 * (p >> 13) * (p >> 13)) >> 25;
        var2 = (p8 * p) >> 19;
        return (long)(((p + var1 + var2) >> 8) + (p7 << 4));
    }

    public static double Humidity(double fine, int adcH, double h1, double h2, double h3, double h4, double h5, double h6)
    {
        var h = fine - 76800.0;
        h = (adcH - ((h4 * 64.0) + (h5 / 16384.0 * h))) * (h2 / 65536.0 * (1.0 + (h6 / 67108864.0 * h * (1.0 + (h3 / 67108864.0 * h)))));
        h *= 1.0 - (h1 * h / 524288.0);
        return Math.Clamp(h, 0.0, 100.0);
    }
}
