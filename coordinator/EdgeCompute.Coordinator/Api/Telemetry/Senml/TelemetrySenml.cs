using EdgeCompute.Coordinator.Storage.Telemetry;

namespace EdgeCompute.Coordinator.Api.Telemetry.Senml;

/// <summary>
/// Stored telemetry rows as a SenML pack, and back. One page is one source's channel: the first record carries the
/// base fields — <c>bn</c> <c>"{source}/"</c>, <c>bt</c> the first row's window start, <c>bu</c> the channel's unit —
/// and each row becomes six records named as in the protocol's window summaries, all with <c>t</c> = the window's end
/// relative to <c>bt</c>: <c>{channel}/count</c> (unit <c>count</c>), <c>{channel}/min</c>, <c>/max</c>, <c>/mean</c>
/// (the base unit), <c>{channel}/var</c> (unit <c>{unit}^2</c>: SenML has no registered squared units, and an
/// explicit unit keeps the base unit from applying) and <c>{channel}/length</c> (the window length, unit <c>s</c>).
/// Values are exact decimals.
/// </summary>
public static class TelemetrySenml
{
    private static readonly string[] Fields = ["count", "min", "max", "mean", "var", "length"];

    /// <summary>The records of one page.</summary>
    /// <param name="source">The device or gateway id.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="points">The rows, oldest first.</param>
    /// <returns>The pack (empty when there are no rows).</returns>
    public static IReadOnlyList<SenmlRecord> ToPack(string source, string channel, IReadOnlyList<TelemetryPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var pack = new List<SenmlRecord>(points.Count * Fields.Length);
        if (points.Count == 0)
        {
            return pack;
        }

        var baseMs = points[0].TimeMs;
        var unit = points[0].Unit;
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var t = Seconds(p.TimeMs + p.LengthMs - baseMs);
            var explicitUnit = p.Unit == unit ? null : p.Unit; // a channel keeps its unit; if one ever differs, say so
            var first = new SenmlRecord
            {
                BaseName = i == 0 ? source + "/" : null,
                BaseTime = i == 0 ? Seconds(baseMs) : null,
                BaseUnit = i == 0 && unit.Length > 0 ? unit : null,
                Name = channel + "/count",
                Unit = "count",
                Value = p.Count,
                Time = t,
            };
            pack.Add(first);
            pack.Add(new SenmlRecord { Name = channel + "/min", Unit = explicitUnit, Value = Scale(p.Min, p.Exponent), Time = t });
            pack.Add(new SenmlRecord { Name = channel + "/max", Unit = explicitUnit, Value = Scale(p.Max, p.Exponent), Time = t });
            pack.Add(new SenmlRecord { Name = channel + "/mean", Unit = explicitUnit, Value = Scale(p.Mean, p.Exponent), Time = t });
            pack.Add(new SenmlRecord { Name = channel + "/var", Unit = p.Unit.Length > 0 ? p.Unit + "^2" : (unit.Length > 0 ? "1" : null), Value = Scale(p.Variance, 2 * p.Exponent), Time = t });
            pack.Add(new SenmlRecord { Name = channel + "/length", Unit = "s", Value = Seconds(p.LengthMs), Time = t });
        }

        return pack;
    }

    /// <summary>Reads rows back from a pack written by <see cref="ToPack"/> (any base fields, any order of the six records).</summary>
    /// <param name="pack">The records.</param>
    /// <returns>The rows, in the order their first record appears.</returns>
    /// <exception cref="FormatException">A record that does not fit this layout.</exception>
    public static IReadOnlyList<TelemetryPoint> FromPack(IReadOnlyList<SenmlRecord> pack)
    {
        var rows = new Dictionary<(string Source, string Channel, decimal End), Dictionary<string, SenmlRecord>>();
        var order = new List<(string, string, decimal)>();
        foreach (var record in SenmlResolver.Resolve(pack))
        {
            var name = record.Name!;
            var cut = name.LastIndexOf('/');
            var channelCut = cut > 0 ? name.LastIndexOf('/', cut - 1) : -1;
            if (cut <= 0 || channelCut <= 0 || record.Value is null || record.Time is null)
            {
                throw new FormatException($"record \"{name}\" is not {{source}}/{{channel}}/{{field}} with a value and a time");
            }

            var key = (name[..channelCut], name[(channelCut + 1)..cut], record.Time.Value);
            if (!rows.TryGetValue(key, out var fields))
            {
                rows[key] = fields = new Dictionary<string, SenmlRecord>(StringComparer.Ordinal);
                order.Add(key);
            }

            fields[name[(cut + 1)..]] = record;
        }

        return [.. order.Select(key => Point(key.Item1, key.Item2, key.Item3, rows[key]))];
    }

    private static TelemetryPoint Point(string source, string channel, decimal end, Dictionary<string, SenmlRecord> fields)
    {
        foreach (var field in Fields)
        {
            if (!fields.ContainsKey(field))
            {
                throw new FormatException($"{source}/{channel} at {end}: no {field} record");
            }
        }

        var min = fields["min"].Value!.Value;
        var max = fields["max"].Value!.Value;
        var mean = fields["mean"].Value!.Value;
        var variance = fields["var"].Value!.Value;
        var exponent = -new[] { Scale(min), Scale(max), Scale(mean), (Scale(variance) + 1) / 2 }.Max();
        var lengthMs = (long)(fields["length"].Value!.Value * 1000);
        var endMs = (long)(end * 1000);
        return new TelemetryPoint(source, channel, fields["mean"].Unit ?? string.Empty, exponent, endMs - lengthMs, lengthMs,
            (long)fields["count"].Value!.Value, Mantissa(min, exponent), Mantissa(max, exponent), Mantissa(mean, exponent), Mantissa(variance, 2 * exponent));
    }

    private static decimal Seconds(long milliseconds) => milliseconds / 1000m;

    private static decimal Scale(long mantissa, int exponent) => decimal.Parse(new ScaledValue(mantissa, exponent).ToString(), System.Globalization.CultureInfo.InvariantCulture);

    private static int Scale(decimal value) => (value / 1.000000000000000000000000000000000m).Scale;

    private static long Mantissa(decimal value, int exponent)
    {
        var scaled = value;
        for (var i = 0; i < -exponent; i++)
        {
            scaled *= 10;
        }

        return (long)scaled;
    }
}
