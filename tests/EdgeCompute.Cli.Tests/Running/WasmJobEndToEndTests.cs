using System.Text.Json;
using EdgeCompute.Cli.Tests.Support;
using EdgeCompute.Coordinator.Reexecution;
using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Cli.Tests.Running;

/// <summary>
/// A researcher's job end to end through the real commands: a coordinator, two gateways of different owners that fetch
/// blobs from its API, and <c>submit wasm</c> with the 1 MiB AssemblyScript example over 50 signals of 256 KiB. Every
/// output must equal, byte for byte, the module run here through the same host library, and both gateways must agree.
/// </summary>
public sealed class WasmJobEndToEndTests : IAsyncLifetime
{
    private const int Inputs = 50;
    private const int Seed = 11;
    private readonly TempFolder _folder = new();
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private readonly List<Task<CliOutcome>> _services = [];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var service in _services)
        {
            try
            {
                await service;
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
        _folder.Dispose();
    }

    private static string Spectrum()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var module = Path.Combine(dir.FullName, "examples", "spectrum", "build", "spectrum.wasm");
            if (File.Exists(module))
            {
                return module;
            }
        }

        throw new FileNotFoundException("examples/spectrum/build/spectrum.wasm not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task A_one_mebibyte_module_over_fifty_256_KiB_inputs_gives_the_outputs_a_local_run_gives_on_two_owners_gateways()
    {
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {Seed}");
        var http = FreePort.Next();
        var broker = FreePort.Next();
        var api = $"http://127.0.0.1:{http}";
        var fleet = await TestFleet.ProvisionAsync(_folder, 2, 2, "--owners", "2", "--api", api);
        var registry = FleetFiles.ReadCoordinator(Path.Combine(fleet, "coordinator.json"));
        Assert.NotEqual(registry.Gateways[0].OwnerId, registry.Gateways[1].OwnerId);
        _services.Add(CliRunner.RunUntilAsync(["coordinator", "--fleet", fleet, "--data", _folder["coordinator"], "--listen", $"mqtt://127.0.0.1:{broker}", "--http", api], null, _stop.Token));
        using var probe = new HttpClient();
        var up = false;
        // Generous bounds (not timings): on a loaded 2-core machine the processes take a while to come up.
        await Eventually.TrueAsync(() => up || _services[0].IsCompleted, "the coordinator's API", TimeSpan.FromMinutes(2), step: () =>
            up = probe.GetAsync($"{api}/api/health", TestContext.Current.CancellationToken).ContinueWith(t => t.IsCompletedSuccessfully && t.Result.IsSuccessStatusCode, TaskScheduler.Default).Result);
        foreach (var gateway in registry.Gateways)
        {
            _services.Add(CliRunner.RunUntilAsync(["gateway", "--fleet", fleet, "--id", gateway.Id, "--broker", $"mqtt://127.0.0.1:{broker}", "--listen", $"mqtt://127.0.0.1:{FreePort.Next()}",
                "--data", _folder[gateway.Id]], null, _stop.Token));
        }

        var online = "";
        await Eventually.TrueAsync(() => online.Split('\n').Count(l => l.Contains("wasm.blob", StringComparison.Ordinal) && l.Contains(" online ", StringComparison.Ordinal)) == 2,
            "both gateways online with wasm.blob", TimeSpan.FromMinutes(2), step: () => online = CliRunner.RunAsync("nodes", "--kind", "gateway", "--api", api).Result.Out);

        var inputs = Directory.CreateDirectory(_folder["inputs"]).FullName;
        var random = new Random(Seed);
        for (var i = 0; i < Inputs; i++)
        {
            var samples = new float[65536];
            for (var s = 0; s < samples.Length; s++)
            {
                samples[s] = (float)(Math.Sin(2 * Math.PI * (1 + i * 37) * s / samples.Length) + (random.NextDouble() - 0.5));
            }

            await File.WriteAllBytesAsync(Path.Combine(inputs, $"signal-{i:000}.f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(samples.AsSpan()).ToArray(),
                TestContext.Current.CancellationToken);
        }

        var owner = registry.Owners[0];
        var deposit = await CliRunner.RunAsync("ledger", "deposit", "--fleet", fleet, "--data", _folder["coordinator"], "--owner", owner.Id, "--amount", "10000000", "--reference", "e2e");
        var submit = await CliRunner.RunAsync("submit", "wasm", "--module", Spectrum(), "--inputs", inputs, "--fuel", "100000000", "--memory", "16777216", "--fee", "5000000",
            "--job-id", "spectrum-e2e", "--token", owner.ApiToken, "--api", api, "--wait", "--out", _folder["results"]);

        Assert.Equal(0, deposit.ExitCode);
        Assert.True(submit.ExitCode == 0, submit.Out + submit.Error);
        Assert.Contains("51 of 51 files", submit.Out, StringComparison.Ordinal);
        Assert.Contains($"{Inputs}/{Inputs} verified, 0 failed", submit.Out, StringComparison.Ordinal);
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder["results"], "manifest.json"), TestContext.Current.CancellationToken));
        var outputs = manifest.RootElement.GetProperty("outputs").EnumerateArray().ToList();
        Assert.Equal(Inputs, outputs.Count);
        var module = await File.ReadAllBytesAsync(Spectrum(), TestContext.Current.CancellationToken);
        using var local = new WasmReexecutor(TimeSpan.FromSeconds(60));
        var agreedByBoth = 0;
        for (var i = 0; i < Inputs; i++)
        {
            var entry = outputs[i];
            Assert.Equal($"signal-{i:000}.f32", entry.GetProperty("input").GetString());
            // adaptive replication (the wasm-map default): both gateways until one has ten checked results, then alone with spot checks
            var nodes = entry.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()!).ToList();
            Assert.NotEmpty(nodes);
            Assert.All(nodes, n => Assert.Contains(n, registry.Gateways.Select(g => g.Id)));
            agreedByBoth += nodes.Count == 2 ? 1 : 0;
            var input = await File.ReadAllBytesAsync(Path.Combine(inputs, $"signal-{i:000}.f32"), TestContext.Current.CancellationToken);
            var (run, problem) = local.Run(module, input, 100_000_000, 16 << 20, TestContext.Current.CancellationToken);
            Assert.True(run is { IsSuccess: true }, problem ?? run?.Message);
            ArgumentNullException.ThrowIfNull(run);
            var received = await File.ReadAllBytesAsync(Path.Combine(_folder["results"], entry.GetProperty("output").GetString()!), TestContext.Current.CancellationToken);
            Assert.Equal(run.Output.ToArray(), received);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"wasm job end to end: {agreedByBoth} of {Inputs} outputs agreed by both owners' gateways, the rest run alone by a trusted gateway");
        Assert.True(agreedByBoth >= 1, "no gateway starts trusted: the first tasks are replicated on both owners' gateways");

        // Outputs above a batch item's inline limit come back as blobs: the gateways upload them, the result names them by
        // hash, and --out downloads them; an echo module over a 100 KiB input and a 1 KiB one (which stays inline).
        var echo = Path.Combine(Directory.CreateDirectory(_folder["echo"]).FullName, "echo.wasm");
        await File.WriteAllBytesAsync(echo, Wasmtime.Module.ConvertText("""
            (module
              (memory (export "memory") 4)
              (func (export "alloc") (param i32) (result i32) (i32.const 1024))
              (func (export "run") (param $in i32) (param $len i32) (result i64)
                (i64.or (i64.shl (i64.extend_i32_u (local.get $in)) (i64.const 32)) (i64.extend_i32_u (local.get $len)))))
            """), TestContext.Current.CancellationToken);
        var echoInputs = Directory.CreateDirectory(_folder["echo-inputs"]).FullName;
        var large = new byte[100 * 1024];
        var small = new byte[1024];
        random.NextBytes(large);
        random.NextBytes(small);
        await File.WriteAllBytesAsync(Path.Combine(echoInputs, "a-large.bin"), large, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(echoInputs, "b-small.bin"), small, TestContext.Current.CancellationToken);
        var echoSubmit = await CliRunner.RunAsync("submit", "wasm", "--module", echo, "--inputs", echoInputs, "--fuel", "1000000", "--memory", "262144", "--fee", "1000000",
            "--job-id", "echo-e2e", "--token", owner.ApiToken, "--api", api, "--wait", "--out", _folder["echo-results"]);

        Assert.True(echoSubmit.ExitCode == 0, echoSubmit.Out + echoSubmit.Error);
        using var echoManifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder["echo-results"], "manifest.json"), TestContext.Current.CancellationToken));
        var echoOutputs = echoManifest.RootElement.GetProperty("outputs").EnumerateArray().Select(e => e.GetProperty("output").GetString()!).ToList();
        Assert.Equal(2, echoOutputs.Count);
        Assert.Equal(large, await File.ReadAllBytesAsync(Path.Combine(_folder["echo-results"], echoOutputs[0]), TestContext.Current.CancellationToken));
        Assert.Equal(small, await File.ReadAllBytesAsync(Path.Combine(_folder["echo-results"], echoOutputs[1]), TestContext.Current.CancellationToken));
        using var echoResult = JsonDocument.Parse((await probe.GetStringAsync($"{api}/api/jobs/echo-e2e/result", TestContext.Current.CancellationToken)));
        var blobs = echoResult.RootElement.GetProperty("outputBlobs").EnumerateArray().ToList();
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(large)), blobs[0].GetProperty("sha256").GetString()); // it came back as a blob
        Assert.Equal(JsonValueKind.Null, blobs[1].ValueKind); // the small one inline
    }
}
