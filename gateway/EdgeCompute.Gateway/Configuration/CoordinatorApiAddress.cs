using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Gateway.Configuration;

/// <summary>The coordinator API address a gateway fetches blobs from: <c>Wasm:CoordinatorApi</c>, else the gateway file's <c>api</c>.</summary>
public static class CoordinatorApiAddress
{
    /// <summary>Parses an address: absolute, http or https, with a host.</summary>
    /// <param name="text">The address.</param>
    /// <param name="address">The parsed address.</param>
    /// <returns>Whether it is one.</returns>
    public static bool TryParse(string? text, out Uri? address)
    {
        address = Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var parsed) && FleetFiles.IsApiAddress(parsed) ? parsed : null;
        return address is not null;
    }

    /// <summary>The address this gateway fetches blobs from; null when WebAssembly is off or no address is set.</summary>
    /// <param name="options">The gateway's settings (validated).</param>
    /// <param name="gateway">The gateway's file.</param>
    /// <returns>The address, or null.</returns>
    public static Uri? Resolve(GatewayOptions options, GatewayFile gateway)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gateway);
        if (!options.Wasm.Enabled)
        {
            return null;
        }

        return TryParse(options.Wasm.CoordinatorApi, out var configured) ? configured : gateway.Api;
    }
}
