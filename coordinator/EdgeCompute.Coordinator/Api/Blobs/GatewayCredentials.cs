using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace EdgeCompute.Coordinator.Api.Blobs;

/// <summary>A gateway's <c>Authorization: Gateway &lt;gateway id&gt;:&lt;central-broker password&gt;</c> on the blob reads.</summary>
/// <param name="GatewayId">The gateway id.</param>
/// <param name="Password">The presented password (checked by the registry in constant time).</param>
public sealed record GatewayCredentials(string GatewayId, string Password)
{
    private const string Scheme = "Gateway ";

    /// <summary>Reads the credentials of a request, or null when its Authorization is not the Gateway scheme.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The credentials, or null.</returns>
    public static GatewayCredentials? Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.Headers[HeaderNames.Authorization];
        if (headers.Count != 1 || headers[0] is not { } header || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length > 1024)
        {
            return null;
        }

        var value = header[Scheme.Length..].Trim();
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0 ? new GatewayCredentials("", "") : new GatewayCredentials(value[..colon], value[(colon + 1)..]);
    }
}
