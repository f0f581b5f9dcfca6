namespace EdgeCompute.Benchmarks.Data;

/// <summary>Seeded, physically plausible sensor traces for the benchmarks (slow drift plus noise).</summary>
internal static class TelemetryTrace
{
    /// <summary>Temperature in 0.01 °C at 1 Hz: a daily cycle around 21 °C, small noise.</summary>
    public static int[] Temperature(int samples, int seed, int startSecond = 0) =>
        Trace(samples, seed, startSecond, baseline: 2100, amplitude: 350, noise: 3);

    /// <summary>Relative humidity in 0.01 %RH at 1 Hz.</summary>
    public static int[] Humidity(int samples, int seed, int startSecond = 0) =>
        Trace(samples, seed, startSecond, baseline: 4800, amplitude: 900, noise: 8);

    /// <summary>Pressure in 0.01 hPa at 1 Hz.</summary>
    public static int[] Pressure(int samples, int seed, int startSecond = 0) =>
        Trace(samples, seed, startSecond, baseline: 101325, amplitude: 40, noise: 2);

    private static int[] Trace(int samples, int seed, int startSecond, int baseline, int amplitude, int noise)
    {
        var random = new Random(seed);
        var values = new int[samples];
        for (var i = 0; i < samples; i++)
        {
            var day = (startSecond + i) / 86400.0 * 2 * Math.PI;
            values[i] = baseline + (int)Math.Round(amplitude * Math.Sin(day)) + random.Next(-noise, noise + 1);
        }

        return values;
    }
}
