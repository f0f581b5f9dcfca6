using EdgeCompute.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.Service;

/// <summary>Makes relative <see cref="GatewayOptions.GatewayFile"/> <see cref="GatewayOptions.DataFolder"/> and <c>Wasm:BlobCacheFolder</c> paths relative to the content root (the unit's working directory), not to wherever the process happened to start.</summary>
/// <param name="contentRoot">The host's content root.</param>
internal sealed class GatewayPaths(string contentRoot) : IPostConfigureOptions<GatewayOptions>
{
    /// <inheritdoc/>
    public void PostConfigure(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.GatewayFile))
        {
            options.GatewayFile = Path.GetFullPath(options.GatewayFile, contentRoot);
        }

        if (!string.IsNullOrWhiteSpace(options.DataFolder))
        {
            options.DataFolder = Path.GetFullPath(options.DataFolder, contentRoot);
        }

        if (options.Wasm is { BlobCacheFolder.Length: > 0 } wasm && !string.IsNullOrWhiteSpace(wasm.BlobCacheFolder))
        {
            wasm.BlobCacheFolder = Path.GetFullPath(wasm.BlobCacheFolder, contentRoot);
        }
    }
}
