using System.Globalization;
using System.Text;
using EdgeCompute.Coordinator.Storage.Telemetry;

namespace EdgeCompute.Coordinator.Api.Telemetry;

/// <summary>Writes telemetry rows as RFC 4180 CSV: a header line, then one row per point, CRLF line ends, fields quoted when they need it.</summary>
public static class TelemetryCsv
{
    /// <summary>The CSV media type.</summary>
    public const string MediaType = "text/csv; charset=utf-8; header=present";

    /// <summary>The header line's columns.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["time", "timeMs", "source", "channel", "unit", "lengthMs", "count", "min", "max", "mean", "variance"];

    /// <summary>Writes the rows.</summary>
    /// <param name="points">The rows.</param>
    /// <returns>The CSV text.</returns>
    public static string Write(IEnumerable<TelemetryPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var csv = new StringBuilder();
        Line(csv, Columns);
        foreach (var point in points)
        {
            var view = TelemetryPointView.Of(point);
            Line(csv, [
                view.Time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                view.TimeMs.ToString(CultureInfo.InvariantCulture),
                point.Source,
                point.Channel,
                point.Unit,
                view.LengthMs.ToString(CultureInfo.InvariantCulture),
                view.Count.ToString(CultureInfo.InvariantCulture),
                view.Min.ToString(),
                view.Max.ToString(),
                view.Mean.ToString(),
                view.Variance.ToString(),
            ]);
        }

        return csv.ToString();
    }

    /// <summary>Quotes a field when it holds a comma, a quote, CR or LF (quotes doubled).</summary>
    /// <param name="field">The field.</param>
    /// <returns>The field as written.</returns>
    public static string Quote(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static void Line(StringBuilder csv, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            csv.Append(Quote(fields[i]));
        }

        csv.Append("\r\n");
    }
}
