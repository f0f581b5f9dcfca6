using System.Text.Json;

namespace EdgeCompute.Cli.Api;

/// <summary>How the API's client commands print JSON: the API's own web naming (camelCase), indented for a person.</summary>
internal static class ApiJson
{
    /// <summary>Gets the options.</summary>
    public static JsonSerializerOptions Indented { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
