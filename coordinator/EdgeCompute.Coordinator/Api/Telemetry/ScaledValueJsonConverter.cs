using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeCompute.Coordinator.Api.Telemetry;

/// <summary>Writes a <see cref="ScaledValue"/> as an exact JSON number; reads one back as a decimal (for clients in .NET).</summary>
public sealed class ScaledValueJsonConverter : JsonConverter<ScaledValue>
{
    /// <inheritdoc />
    public override ScaledValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var value))
        {
            throw new JsonException("a scaled value is a JSON number");
        }

        var text = value.ToString(CultureInfo.InvariantCulture);
        var point = text.IndexOf('.', StringComparison.Ordinal);
        var exponent = point < 0 ? 0 : -(text.Length - point - 1);
        return new ScaledValue(long.Parse(text.Replace(".", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), exponent);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ScaledValue value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteRawValue(value.ToString(), skipInputValidation: false);
    }
}
