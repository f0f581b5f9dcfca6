namespace EdgeCompute.Coordinator.Api.Telemetry.Senml;

/// <summary>
/// Resolves a pack (RFC 8428, section 4.6): base values are carried forward until changed and folded into each record,
/// leaving records with a full name, an absolute time, a unit and a value, and no base fields.
/// </summary>
public static class SenmlResolver
{
    /// <summary>Resolves every record of a pack.</summary>
    /// <param name="pack">The records in order.</param>
    /// <returns>The resolved records, in the same order.</returns>
    /// <exception cref="FormatException">A record without a name after resolution.</exception>
    public static IReadOnlyList<SenmlRecord> Resolve(IReadOnlyList<SenmlRecord> pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        string? baseName = null, baseUnit = null;
        decimal? baseTime = null, baseValue = null, baseSum = null;
        var resolved = new List<SenmlRecord>(pack.Count);
        foreach (var record in pack)
        {
            baseName = record.BaseName ?? baseName;
            baseTime = record.BaseTime ?? baseTime;
            baseUnit = record.BaseUnit ?? baseUnit;
            baseValue = record.BaseValue ?? baseValue;
            baseSum = record.BaseSum ?? baseSum;
            var name = (baseName ?? string.Empty) + (record.Name ?? string.Empty);
            if (name.Length == 0)
            {
                throw new FormatException("a SenML record has no name once resolved (RFC 8428, section 4.5.1)");
            }

            resolved.Add(new SenmlRecord
            {
                Name = name,
                Unit = record.Unit ?? baseUnit,
                Value = record.Value is { } v ? v + (baseValue ?? 0) : (record.StringValue is null && record.BoolValue is null && record.DataValue is null && record.Sum is null ? baseValue : null),
                StringValue = record.StringValue,
                BoolValue = record.BoolValue,
                DataValue = record.DataValue,
                Sum = record.Sum is { } s ? s + (baseSum ?? 0) : null,
                Time = (baseTime ?? 0) + (record.Time ?? 0),
                UpdateTime = record.UpdateTime,
            });
        }

        return resolved;
    }
}
