using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace EdgeCompute.Coordinator.Api.Telemetry.Senml;

/// <summary>
/// SenML's JSON representation (RFC 8428, section 5): an array of objects with the labels <c>bn</c>, <c>bt</c>,
/// <c>bu</c>, <c>bv</c>, <c>bs</c>, <c>bver</c>, <c>n</c>, <c>u</c>, <c>v</c>, <c>vs</c>, <c>vb</c>, <c>vd</c>
/// (base64url), <c>s</c>, <c>t</c>, <c>ut</c>, written in that order. Numbers are written exactly (decimal text).
/// </summary>
public static class SenmlJson
{
    /// <summary>Writes a pack.</summary>
    /// <param name="pack">The records.</param>
    /// <returns>The UTF-8 JSON text.</returns>
    public static byte[] Write(IEnumerable<SenmlRecord> pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var r in pack)
            {
                json.WriteStartObject();
                String(json, "bn", r.BaseName);
                Number(json, "bt", r.BaseTime);
                String(json, "bu", r.BaseUnit);
                Number(json, "bv", r.BaseValue);
                Number(json, "bs", r.BaseSum);
                if (r.BaseVersion is { } version)
                {
                    json.WriteNumber("bver", version);
                }

                String(json, "n", r.Name);
                String(json, "u", r.Unit);
                Number(json, "v", r.Value);
                String(json, "vs", r.StringValue);
                if (r.BoolValue is { } b)
                {
                    json.WriteBoolean("vb", b);
                }

                if (r.DataValue is { } data)
                {
                    json.WriteString("vd", Base64Url.EncodeToString(data));
                }

                Number(json, "s", r.Sum);
                Number(json, "t", r.Time);
                Number(json, "ut", r.UpdateTime);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a pack.</summary>
    /// <param name="utf8">The JSON text.</param>
    /// <returns>The records.</returns>
    /// <exception cref="FormatException">Not a SenML JSON pack, or a must-understand label (ending in <c>_</c>) this reader does not know.</exception>
    public static IReadOnlyList<SenmlRecord> Read(ReadOnlySpan<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray());
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("a SenML pack is a JSON array");
            }

            var pack = new List<SenmlRecord>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException("a SenML record is a JSON object");
                }

                var r = new SenmlRecord();
                foreach (var p in item.EnumerateObject())
                {
                    r = p.Name switch
                    {
                        "bn" => r with { BaseName = p.Value.GetString() },
                        "bt" => r with { BaseTime = p.Value.GetDecimal() },
                        "bu" => r with { BaseUnit = p.Value.GetString() },
                        "bv" => r with { BaseValue = p.Value.GetDecimal() },
                        "bs" => r with { BaseSum = p.Value.GetDecimal() },
                        "bver" => r with { BaseVersion = p.Value.GetInt64() },
                        "n" => r with { Name = p.Value.GetString() },
                        "u" => r with { Unit = p.Value.GetString() },
                        "v" => r with { Value = p.Value.GetDecimal() },
                        "vs" => r with { StringValue = p.Value.GetString() },
                        "vb" => r with { BoolValue = p.Value.GetBoolean() },
                        "vd" => r with { DataValue = Base64Url.DecodeFromChars(p.Value.GetString()) },
                        "s" => r with { Sum = p.Value.GetDecimal() },
                        "t" => r with { Time = p.Value.GetDecimal() },
                        "ut" => r with { UpdateTime = p.Value.GetDecimal() },
                        _ when p.Name.EndsWith('_') => throw new FormatException($"must-understand label \"{p.Name}\" is not supported"),
                        _ => r, // an extension label: ignored (RFC 8428, section 4.4)
                    };
                }

                pack.Add(r);
            }

            return pack;
        }
    }

    /// <summary>Reads a pack from text.</summary>
    /// <param name="text">The JSON text.</param>
    /// <returns>The records.</returns>
    public static IReadOnlyList<SenmlRecord> Read(string text) => Read(Encoding.UTF8.GetBytes(text ?? throw new ArgumentNullException(nameof(text))));

    private static void String(Utf8JsonWriter json, string label, string? value)
    {
        if (value is not null)
        {
            json.WriteString(label, value);
        }
    }

    private static void Number(Utf8JsonWriter json, string label, decimal? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(label, v);
        }
    }
}
