using System.Globalization;
using EdgeCompute.Coordinator.Domain.Jobs;

namespace EdgeCompute.Coordinator.Tasking;

/// <summary>One line describing a job's result, for logs, the API's job list and the demo's table.</summary>
public static class JobSummary
{
    /// <summary>Describes a result.</summary>
    /// <param name="result">The merged result.</param>
    /// <returns>A short line.</returns>
    public static string Describe(JobResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var c = CultureInfo.InvariantCulture;
        return result switch
        {
            PowJobResult pow => pow.Found ? string.Create(c, $"nonce {pow.Nonce}, digest {Convert.ToHexStringLower(pow.Digest)[..16]}…") : "no nonce in the range",
            MonteCarloPiJobResult pi => string.Create(c, $"π ≈ {pi.Estimate:F5} ± {pi.ErrorBound:F5} ({pi.Samples:N0} samples)"),
            PrimesJobResult primes => string.Create(c, $"{primes.Count:N0} primes in [{primes.From:N0}, {primes.To:N0})"),
            WasmMapJobResult { Image: { } image } => string.Create(c, $"{image.Width}×{image.Height} image from {image.Width * image.Height:N0} pixels"),
            WasmMapJobResult map => string.Create(c, $"{map.Outputs.Count} outputs, {map.Outputs.Sum(o => (long)o.Length):N0} bytes"),
            SensorQueryJobResult query => string.Create(c, $"mean {Decimal(query.MeanMantissa, query.Exponent)} over {query.TotalReadings:N0} readings from {query.Rows.Count} gateways"),
            _ => result.Kind.ToString(),
        };
    }

    private static string Decimal(long mantissa, int exponent) =>
        exponent >= 0 ? (mantissa * (decimal)Math.Pow(10, exponent)).ToString(CultureInfo.InvariantCulture)
        : (mantissa / (decimal)Math.Pow(10, -exponent)).ToString(CultureInfo.InvariantCulture);
}
