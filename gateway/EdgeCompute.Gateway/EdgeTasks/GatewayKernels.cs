using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Gateway.EdgeTasks;

/// <summary>The kernels a gateway lists in its birth (key 9) beside <c>wasm</c> (which key 6 stands for).</summary>
public static class GatewayKernels
{
    /// <summary>
    /// <see cref="KernelNames.WasmBlob"/> when WebAssembly is on and the gateway has a coordinator API address to fetch
    /// blobs from (<c>Wasm:CoordinatorApi</c> or the gateway file's <c>api</c>); otherwise none, so the coordinator never
    /// issues it a task it could not fetch.
    /// </summary>
    /// <param name="options">The gateway's settings.</param>
    /// <param name="gateway">The gateway's file.</param>
    /// <returns>The kernel names.</returns>
    public static IReadOnlyList<string> Of(GatewayOptions options, GatewayFile gateway) =>
        CoordinatorApiAddress.Resolve(options, gateway) is null ? [] : [KernelNames.WasmBlob];
}
