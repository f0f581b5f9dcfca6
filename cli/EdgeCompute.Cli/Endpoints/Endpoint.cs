using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace EdgeCompute.Cli.Endpoints;

/// <summary>A parsed <c>scheme://host:port</c> address: <c>mqtt://127.0.0.1:1883</c>, <c>http://coordinator:8080</c>.</summary>
/// <param name="Scheme">The scheme, lowercase.</param>
/// <param name="Host">The host name or IP address (an IPv6 address without brackets).</param>
/// <param name="Port">The port (the scheme's default when the text has none).</param>
internal sealed record Endpoint(string Scheme, string Host, int Port)
{
    /// <summary>Gets the address as a URL, with an explicit port.</summary>
    public string Url => string.Create(CultureInfo.InvariantCulture, $"{Scheme}://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}");

    /// <summary>Gets whether the scheme is the TLS one (<c>mqtts://</c>, <c>https://</c>).</summary>
    public bool UsesTls => Scheme is "mqtts" or "https";

    /// <inheritdoc/>
    public override string ToString() => Url;

    /// <summary>Parses an address.</summary>
    /// <param name="text">The text, such as <c>mqtt://127.0.0.1:1884</c>.</param>
    /// <param name="rule">What is accepted.</param>
    /// <param name="endpoint">The address when valid.</param>
    /// <param name="problem">Why it is not, when invalid: one sentence, without the option's name.</param>
    /// <returns>Whether the text is valid.</returns>
    public static bool TryParse(string? text, EndpointRule rule, [NotNullWhen(true)] out Endpoint? endpoint, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(rule);
        endpoint = null;
        var expected = $"expected {rule.HelpName} ({rule.SchemeList})";
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = $"is empty; {expected}";
            return false;
        }

        if (ExplicitPort(text) is { } explicitPort && explicitPort is < 1 or > 65535)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"\"{text}\" has port {explicitPort}; a port is 1 to 65535");
            return false;
        }

        if (!text.Contains("://", StringComparison.Ordinal) || !Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            problem = $"\"{text}\" is not a URL; {expected}";
            return false;
        }

        var scheme = rule.Schemes.FirstOrDefault(s => s.Scheme == uri.Scheme);
        if (scheme.Scheme is null)
        {
            problem = $"\"{text}\" has the scheme {uri.Scheme}://; {expected}";
            return false;
        }

        if (uri.UserInfo.Length > 0)
        {
            problem = $"\"{text}\" holds credentials; they come from the fleet's files, never from the command line";
            return false;
        }

        if (uri.AbsolutePath.Length > 1 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            problem = $"\"{text}\" has a path, query or fragment; {expected}";
            return false;
        }

        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
        if (host.Length == 0)
        {
            problem = $"\"{text}\" has no host; {expected}";
            return false;
        }

        if (rule.RequireIpAddress && !IPAddress.TryParse(host, out _))
        {
            problem = $"\"{text}\" must name an IP address to listen on (127.0.0.1 for this machine only, 0.0.0.0 for every interface), not \"{host}\"";
            return false;
        }

        var port = uri.IsDefaultPort || uri.Port < 0 ? scheme.DefaultPort : uri.Port;
        if (port is < 1 or > 65535)
        {
            problem = $"\"{text}\" has port {port}; a port is 1 to 65535";
            return false;
        }

        endpoint = new Endpoint(scheme.Scheme, host, port);
        problem = null;
        return true;
    }

    /// <summary>The port written after the host (<c>mqtt://host:99999</c> → 99999), read before <see cref="Uri"/> refuses one out of range; null when none.</summary>
    private static long? ExplicitPort(string text)
    {
        var start = text.IndexOf("://", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var authority = text[(start + 3)..];
        var end = authority.IndexOfAny(['/', '?', '#']);
        authority = end < 0 ? authority : authority[..end];
        authority = authority[(authority.LastIndexOf('@') + 1)..];
        var colon = authority.LastIndexOf(':');
        if (colon < 0 || colon < authority.LastIndexOf(']'))
        {
            return null;
        }

        var digits = authority[(colon + 1)..];
        return digits.Length is > 0 and <= 18 && digits.All(char.IsAsciiDigit) ? long.Parse(digits, CultureInfo.InvariantCulture) : null;
    }
}
