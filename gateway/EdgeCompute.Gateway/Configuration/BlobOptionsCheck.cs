using EdgeCompute.Gateway.EdgeTasks.Blobs;

namespace EdgeCompute.Gateway.Configuration;

/// <summary>Checks the blob settings of <see cref="WasmOptions"/> (the coordinator's API, the caches, the fetches); each message names its setting.</summary>
internal static class BlobOptionsCheck
{
    private const string W = nameof(GatewayOptions) + ":Wasm";

    /// <summary>Lists every problem with the blob settings.</summary>
    /// <param name="wasm">The WebAssembly settings.</param>
    /// <returns>One message per problem.</returns>
    public static IEnumerable<string> Check(WasmOptions wasm)
    {
        if (!string.IsNullOrWhiteSpace(wasm.CoordinatorApi) && !CoordinatorApiAddress.TryParse(wasm.CoordinatorApi, out _))
        {
            yield return $"{W}:CoordinatorApi must be the coordinator's HTTP API as an absolute http:// or https:// URL (such as http://coordinator.example:8080), found \"{wasm.CoordinatorApi}\"";
        }

        if (wasm.ModuleCacheBytes < BlobLimits.MaxModuleBytes)
        {
            yield return $"{W}:ModuleCacheBytes must be at least {BlobLimits.MaxModuleBytes} (one largest module), found {wasm.ModuleCacheBytes}";
        }

        if (wasm.InputCacheBytes < BlobLimits.MaxInputBytes)
        {
            yield return $"{W}:InputCacheBytes must be at least {BlobLimits.MaxInputBytes} (one largest input), found {wasm.InputCacheBytes}";
        }

        if (wasm.MaxConcurrentFetches is < 1 or > 16)
        {
            yield return $"{W}:MaxConcurrentFetches must be 1 to 16, found {wasm.MaxConcurrentFetches}";
        }

        if (wasm.FetchAttempts is < 1 or > 10)
        {
            yield return $"{W}:FetchAttempts must be 1 to 10, found {wasm.FetchAttempts}";
        }

        if (wasm.FetchTimeout <= TimeSpan.Zero || wasm.FetchTimeout > TimeSpan.FromMinutes(10))
        {
            yield return $"{W}:FetchTimeout must be above 0 and at most 10 minutes, found {wasm.FetchTimeout}";
        }
    }
}
