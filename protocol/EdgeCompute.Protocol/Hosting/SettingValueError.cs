using System.Globalization;
using System.Text.RegularExpressions;

namespace EdgeCompute.Protocol.Hosting;

/// <summary>
/// A setting whose text does not convert to its type (<c>EDGECOMPUTE_GatewayOptions__Batching__MaxAge=abc</c>): the
/// configuration binder reports it as an <see cref="InvalidOperationException"/> when the options are first read. This
/// turns that into one line naming the setting, the value, what is expected and where it may have come from. Shared by the
/// .NET services (gateway and coordinator) and the CLI that runs them, so every broken setting reads the same.
/// </summary>
/// <param name="Key">The setting's configuration key, such as <c>GatewayOptions:Batching:MaxAge</c>.</param>
/// <param name="Value">The text found, when the binder said it.</param>
/// <param name="TypeName">The .NET type it should convert to, such as <c>System.TimeSpan</c>.</param>
public sealed partial record SettingValueError(string Key, string? Value, string TypeName)
{
    /// <summary>The prefix of the environment variables the services read as configuration (<c>EDGECOMPUTE_GatewayOptions__DeviceBroker__Port</c>).</summary>
    public const string EnvironmentPrefix = "EDGECOMPUTE_";

    /// <summary>Finds a binder conversion failure in <paramref name="exception"/> or its inner exceptions.</summary>
    /// <param name="exception">What was thrown while reading the options.</param>
    /// <param name="error">The failure, when it is one.</param>
    /// <returns>Whether it is a setting that did not convert.</returns>
    public static bool TryFind(Exception? exception, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SettingValueError? error)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is InvalidOperationException && BinderMessage().Match(e.Message) is { Success: true } match)
            {
                error = new SettingValueError(match.Groups["key"].Value, match.Groups["value"].Success ? match.Groups["value"].Value : null, match.Groups["type"].Value);
                return true;
            }
        }

        error = null;
        return false;
    }

    /// <summary>Gets the environment variable that sets this key (<c>EDGECOMPUTE_GatewayOptions__Batching__MaxAge</c>).</summary>
    public string EnvironmentVariable => EnvironmentPrefix + Key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>Gets what the type expects, for people: "a time span such as 00:00:05", "a whole number", "one of: A, B".</summary>
    public string Expected => TypeName switch
    {
        "System.TimeSpan" => "a time span such as 00:00:05 (hh:mm:ss)",
        "System.Int32" or "System.Int64" or "System.UInt32" or "System.UInt64" or "System.Int16" or "System.UInt16" or "System.Byte" => "a whole number",
        "System.Double" or "System.Single" or "System.Decimal" => "a number such as 0.5",
        "System.Boolean" => "true or false",
        "System.DateTimeOffset" or "System.DateTime" => "a date and time such as 2026-01-01T00:00:00Z",
        _ when EnumNames(TypeName) is { } names => $"one of: {names}",
        _ => $"a value of type {TypeName}",
    };

    /// <summary>The one-line message: the setting, the value found, what is expected, where to fix it.</summary>
    /// <param name="source">Where the setting may have come from, such as "appsettings.json or EDGECOMPUTE_…".</param>
    /// <returns>The message.</returns>
    public string Describe(string source) => string.Create(
        CultureInfo.InvariantCulture,
        $"{Key}: {(Value is null ? "the value" : $"\"{Value}\"")} is not {Expected}; fix it in {source}");

    private static string? EnumNames(string typeName)
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.GetType(typeName, throwOnError: false) is { IsEnum: true } type)
            {
                return string.Join(", ", Enum.GetNames(type));
            }
        }

        return null;
    }

    [GeneratedRegex(@"^Failed to convert configuration value (?:'(?<value>.*)' )?at '(?<key>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex BinderMessage();
}
