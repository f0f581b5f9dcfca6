using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Gateway.EdgeTasks;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Gateway.Tests.EdgeTasks.Blobs;

public sealed class BlobOptionsTests
{
    private static readonly GatewayFile WithoutApi = FleetProvisioner.Create(new FleetSpec(1, 1, 0)).Gateways[0];
    private static readonly GatewayFile WithApi = WithoutApi with { Api = new Uri("http://coordinator.example:8080") };

    [Theory]
    [InlineData("coordinator.example:8080")]
    [InlineData("mqtt://coordinator.example:1883")]
    [InlineData("/api")]
    public void A_coordinator_api_that_is_not_an_absolute_http_url_is_refused_naming_the_setting(string api)
    {
        var options = new GatewayOptions();
        options.Wasm.CoordinatorApi = api;

        var failure = Assert.Single(GatewayOptionsValidator.Check(options));

        Assert.StartsWith("GatewayOptions:Wasm:CoordinatorApi must be", failure, StringComparison.Ordinal);
        Assert.Contains(api, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Caches_smaller_than_one_largest_blob_and_fetch_settings_out_of_range_are_refused_each_by_name()
    {
        var options = new GatewayOptions();
        options.Wasm.ModuleCacheBytes = 1 << 20;
        options.Wasm.InputCacheBytes = 1 << 20;
        options.Wasm.MaxConcurrentFetches = 0;
        options.Wasm.FetchAttempts = 11;
        options.Wasm.FetchTimeout = TimeSpan.Zero;

        var failures = GatewayOptionsValidator.Check(options).ToList();

        Assert.Equal(
            ["ModuleCacheBytes", "InputCacheBytes", "MaxConcurrentFetches", "FetchAttempts", "FetchTimeout"],
            failures.Select(f => f.Split(' ')[0].Split(':')[^1]));
    }

    [Fact]
    public void The_defaults_are_valid_and_list_no_coordinator_api()
    {
        var options = new GatewayOptions();

        Assert.Empty(GatewayOptionsValidator.Check(options));
        Assert.Equal(string.Empty, options.Wasm.CoordinatorApi);
        Assert.Equal(256L << 20, options.Wasm.ModuleCacheBytes);
    }

    [Fact]
    public void The_birth_lists_wasm_blob_only_with_webassembly_on_and_a_coordinator_api()
    {
        var configured = new GatewayOptions();
        configured.Wasm.CoordinatorApi = "https://coordinator.example";
        var off = new GatewayOptions();
        off.Wasm.Enabled = false;
        off.Wasm.CoordinatorApi = "https://coordinator.example";

        Assert.Equal([KernelNames.WasmBlob], GatewayKernels.Of(configured, WithoutApi));
        Assert.Equal([KernelNames.WasmBlob], GatewayKernels.Of(new GatewayOptions(), WithApi)); // from the gateway file
        Assert.Empty(GatewayKernels.Of(new GatewayOptions(), WithoutApi));
        Assert.Empty(GatewayKernels.Of(off, WithApi));
    }

    [Fact]
    public void The_setting_wins_over_the_gateway_files_api()
    {
        var options = new GatewayOptions();
        options.Wasm.CoordinatorApi = "https://other.example:9443";

        Assert.Equal(new Uri("https://other.example:9443"), CoordinatorApiAddress.Resolve(options, WithApi));
        Assert.Equal(new Uri("http://coordinator.example:8080"), CoordinatorApiAddress.Resolve(new GatewayOptions(), WithApi));
    }

    [Fact]
    public void The_gateways_default_task_limits_take_4_MiB_inputs_and_4_MiB_outputs()
    {
        var limits = new EdgeTaskOptions().DefaultLimits;

        Assert.Equal(4 << 20, limits.MaxInputBytes);
        Assert.Equal(4 << 20, limits.MaxOutputBytes);
    }
}
