namespace EdgeCompute.Gateway.Bridges.Sparkplug;

/// <summary>One metric value the edge node publishes: a name (fixed with its alias by the birth), a type and a value.</summary>
/// <param name="Name">The metric name (<c>temp/mean</c>, <c>Frame/Seq</c>).</param>
/// <param name="Type">The Sparkplug data type: Double, Int64, Boolean or String here.</param>
/// <param name="DoubleValue">The value of a Double metric.</param>
/// <param name="LongValue">The value of an integer or Boolean (0/1) metric.</param>
public sealed record SparkplugMetric(string Name, SparkplugDataType Type, double DoubleValue = 0, long LongValue = 0)
{
    /// <summary>A Double metric.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The metric.</returns>
    public static SparkplugMetric Double(string name, double value) => new(name, SparkplugDataType.Double, DoubleValue: value);

    /// <summary>An Int64 metric.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The metric.</returns>
    public static SparkplugMetric Int64(string name, long value) => new(name, SparkplugDataType.Int64, LongValue: value);

    /// <summary>A Boolean metric.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The metric.</returns>
    public static SparkplugMetric Boolean(string name, bool value) => new(name, SparkplugDataType.Boolean, LongValue: value ? 1 : 0);

    /// <summary>A String metric (its value in <paramref name="value"/>).</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The metric.</returns>
    public static SparkplugMetric String(string name, string value) => new(name, SparkplugDataType.String) { StringValue = value };

    /// <summary>Gets the value of a String metric.</summary>
    public string? StringValue { get; init; }

    /// <summary>Writes the metric into a payload message.</summary>
    /// <param name="alias">Its alias, or null for none.</param>
    /// <param name="timestampMs">When the value was measured.</param>
    /// <param name="withName">Whether to write the name (births; data messages use the alias).</param>
    /// <returns>The protobuf metric.</returns>
    public SparkplugPayload.Types.Metric ToProto(ulong? alias, long timestampMs, bool withName)
    {
        // The datatype goes on data messages too: the specification only advises against it (SHOULD NOT), and Eclipse
        // Tahu's decoders read a value by its datatype, so without it they give null.
        var metric = new SparkplugPayload.Types.Metric { Timestamp = (ulong)timestampMs, Datatype = (uint)Type };
        if (withName || alias is null)
        {
            metric.Name = Name;
        }

        if (alias is { } a)
        {
            metric.Alias = a;
        }

        switch (Type)
        {
            case SparkplugDataType.Double:
                metric.DoubleValue = DoubleValue;
                break;
            case SparkplugDataType.Boolean:
                metric.BooleanValue = LongValue != 0;
                break;
            case SparkplugDataType.String:
                metric.StringValue = StringValue ?? string.Empty;
                break;
            case SparkplugDataType.Uint32:
                metric.IntValue = (uint)LongValue;
                break;
            default:
                metric.LongValue = unchecked((ulong)LongValue); // Int64: two's complement in 64 bits
                break;
        }

        return metric;
    }
}
