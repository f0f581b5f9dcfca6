using System.Buffers.Binary;
using EdgeCompute.Cli.Tests.Support;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Tests;

namespace EdgeCompute.Cli.Tests.Api;

/// <summary>
/// The whole blob path through the real commands in-process: <c>provision fleet --api</c>, <c>coordinator</c>, two
/// <c>gateway</c>s of different owners (which take the API from their files and offer <c>wasm.blob</c>), and
/// <c>submit wasm --wait --out</c> by a third owner: the gateways fetch the module and the inputs by hash over HTTP.
/// </summary>
public sealed class WasmBlobEndToEndTests : IAsyncDisposable
{
    /// <summary>Sums its input bytes into 4 bytes; 4 MiB of memory, the input placed at 64 KiB.</summary>
    private const string SumModule = """
        (module
          (memory (export "memory") 64 64)
          (func (export "alloc") (param i32) (result i32) (i32.const 65536))
          (func (export "run") (param $in i32) (param $len i32) (result i64)
            (local $i i32) (local $sum i32)
            (block $done (loop $next
              (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
              (local.set $sum (i32.add (local.get $sum) (i32.load8_u (i32.add (local.get $in) (local.get $i)))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $next)))
            (i32.store (i32.const 0) (local.get $sum))
            (i64.const 4)))
        """;

    private readonly TempFolder _folder = new();
    private readonly List<(Task<CliOutcome> Run, CancellationTokenSource Stop)> _running = [];

    [Fact]
    public async Task Two_gateways_fetch_module_and_inputs_by_hash_and_every_output_equals_the_local_run()
    {
        var api = $"http://127.0.0.1:{FreePort.Next()}";
        var fleet = await TestFleet.ProvisionAsync(_folder, devices: 0, gateways: 2, "--owners", "3", "--api", api);
        var registry = FleetFiles.ReadCoordinator(Path.Combine(fleet, "coordinator.json"));
        var broker = $"mqtt://127.0.0.1:{FreePort.Next()}";
        Start(["coordinator", "--fleet", fleet, "--data", _folder["data"], "--listen", broker, "--http", api, "--epoch-length", "1h"]);
        using (var probe = new HttpClient())
        {
            var up = false;
            await Eventually.TrueAsync(() => up, "the coordinator's API", step: () =>
                up = probe.GetAsync($"{api}/api/health", TestContext.Current.CancellationToken).ContinueWith(t => t.IsCompletedSuccessfully && t.Result.IsSuccessStatusCode, TaskScheduler.Default).Result);
        }

        foreach (var id in new[] { "gw-01", "gw-02" })
        {
            Start(["gateway", "--fleet", fleet, "--id", id, "--broker", broker, "--listen", $"mqtt://127.0.0.1:{FreePort.Next()}", "--data", _folder[id + "-data"]]);
        }

        var deposit = await CliRunner.RunAsync("ledger", "deposit", "--fleet", fleet, "--data", _folder["data"], "--owner", "owner-03", "--amount", "10000000", "--reference", "e2e");
        Assert.Equal(0, deposit.ExitCode);
        var module = Path.Combine(_folder.Path, "sum.wasm");
        await File.WriteAllBytesAsync(module, Wasmtime.Module.ConvertText(SumModule), TestContext.Current.CancellationToken);
        var inputs = Directory.CreateDirectory(Path.Combine(_folder.Path, "inputs")).FullName;
        var random = TestSeed.Random(1641);
        var expected = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var bytes = new byte[300_000 + (i * 7)];
            random.NextBytes(bytes);
            await File.WriteAllBytesAsync(Path.Combine(inputs, $"in-{i}.bin"), bytes, TestContext.Current.CancellationToken);
            expected.Add(bytes.Sum(b => b));
        }

        var token = registry.Owners.Single(o => o.Id == "owner-03").ApiToken;
        var submit = await CliRunner.RunAsync("submit", "wasm", "--module", module, "--inputs", inputs, "--fuel", "100000000", "--memory", "4194304",
            "--fee", "300000", "--job-id", "e2e-blobs", "--wait", "--out", _folder["out"], "--token", token, "--api", api);

        Assert.True(submit.ExitCode == 0, submit.Out + submit.Error);
        var outputs = Directory.GetFiles(_folder["out"], "*.out").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, outputs.Select(f => BinaryPrimitives.ReadInt32LittleEndian(File.ReadAllBytes(f))));
        Assert.All(new[] { "gw-01", "gw-02" }, id => Assert.NotEmpty(Directory.GetFiles(Path.Combine(_folder[id + "-data"], "blobs", "modules"))));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (run, stop) in Enumerable.Reverse(_running))
        {
            await stop.CancelAsync();
            await run;
            stop.Dispose();
        }

        _folder.Dispose();
    }

    private void Start(string[] args)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        _running.Add((CliRunner.RunUntilAsync(args, environment: null, stop.Token), stop));
    }
}
