using System.Text.Json;

namespace EdgeCompute.Client.Errors;

/// <summary>An RFC 7807 problem as the coordinator answers it.</summary>
/// <param name="Type">Its type, <c>urn:edgecompute:problem:…</c> (see <see cref="ApiProblemTypes"/>).</param>
/// <param name="Title">A short, fixed summary of the type.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Detail">This occurrence, for people.</param>
/// <param name="Field">For bad input: the parameter or body member at fault; else null.</param>
/// <param name="Extensions">Every other member (e.g. <c>balance</c> and <c>fee</c> of <c>insufficient-funds</c>).</param>
public sealed record ApiProblem(string Type, string Title, int Status, string Detail, string? Field, IReadOnlyDictionary<string, JsonElement> Extensions)
{
    /// <summary>Reads a whole-number extension member.</summary>
    /// <param name="name">The member.</param>
    /// <returns>Its value, or null when absent or not a 64-bit integer.</returns>
    public long? Long(string name) =>
        Extensions.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;

    /// <summary>Reads a string extension member.</summary>
    /// <param name="name">The member.</param>
    /// <returns>Its value, or null when absent or not a string.</returns>
    public string? String(string name) => Extensions.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Reads a problem body; anything that is not one becomes a problem with the status, the reason phrase and the text.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="reason">The reason phrase.</param>
    /// <param name="body">The body text.</param>
    /// <returns>The problem.</returns>
    public static ApiProblem Parse(int status, string? reason, string body)
    {
        var fallback = new ApiProblem(ApiProblemTypes.Unknown, reason ?? $"HTTP {status}", status,
            body is { Length: > 0 and < 500 } ? body.Trim() : $"HTTP {status}", null, new Dictionary<string, JsonElement>());
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return fallback;
            }

            var extensions = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var member in root.EnumerateObject())
            {
                if (member.Name is not ("type" or "title" or "status" or "detail" or "field" or "instance"))
                {
                    extensions[member.Name] = member.Value.Clone();
                }
            }

            return new ApiProblem(Text(root, "type") ?? ApiProblemTypes.Unknown, Text(root, "title") ?? fallback.Title,
                root.TryGetProperty("status", out var s) && s.TryGetInt32(out var parsed) ? parsed : status, Text(root, "detail") ?? fallback.Detail,
                Text(root, "field"), extensions);
        }
        catch (JsonException)
        {
            return fallback;
        }
    }

    private static string? Text(JsonElement root, string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
