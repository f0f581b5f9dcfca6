namespace EdgeCompute.Gateway.Configuration;

/// <summary>A central broker address parsed from <see cref="UplinkOptions.BrokerUrl"/>.</summary>
/// <param name="Host">The host name or address.</param>
/// <param name="Port">The TCP port.</param>
/// <param name="UseTls">Whether the connection uses TLS.</param>
public sealed record BrokerAddress(string Host, int Port, bool UseTls)
{
    /// <summary>Parses <c>mqtt://host:port</c> or <c>mqtts://host:port</c> (port defaults to 1883 or 8883).</summary>
    /// <param name="url">The URL.</param>
    /// <param name="forceTls">Whether TLS is configured separately.</param>
    /// <param name="address">The parsed address.</param>
    /// <returns>Whether the URL is valid.</returns>
    public static bool TryParse(string? url, bool forceTls, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BrokerAddress? address)
    {
        address = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("mqtt" or "mqtts") || string.IsNullOrEmpty(uri.Host)
            || uri.AbsolutePath.Length > 1)
        {
            return false;
        }

        var tls = forceTls || uri.Scheme == "mqtts";
        var port = uri.IsDefaultPort || uri.Port < 0 ? (tls ? 8883 : 1883) : uri.Port;
        address = new BrokerAddress(uri.Host, port, tls);
        return true;
    }
}
