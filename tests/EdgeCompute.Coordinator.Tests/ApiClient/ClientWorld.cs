using EdgeCompute.Client;
using EdgeCompute.Coordinator.Tests.Api;

namespace EdgeCompute.Coordinator.Tests.ApiClient;

/// <summary>Makes <see cref="EdgeComputeClient"/>s that talk to an <see cref="ApiWorld"/>'s in-process server.</summary>
internal static class ClientWorld
{
    public static EdgeComputeClient Client(ApiWorld world, string? token = null, Func<HttpMessageHandler, HttpMessageHandler>? wrap = null, int maxAttempts = 4)
    {
        var handler = world.CreateHandler();
        return new EdgeComputeClient(
            new EdgeComputeClientOptions { BaseAddress = new Uri("http://localhost"), Token = token, RetryDelay = TimeSpan.Zero, MaxAttempts = maxAttempts },
            wrap is null ? handler : wrap(handler));
    }
}
