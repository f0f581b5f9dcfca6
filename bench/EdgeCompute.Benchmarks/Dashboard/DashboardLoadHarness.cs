using System.Diagnostics;
using System.Globalization;
using System.Net;
using EdgeCompute.Benchmarks.Coordinator;
using EdgeCompute.Coordinator.Api;
using EdgeCompute.Coordinator.Api.Limits;
using EdgeCompute.Coordinator.Dashboard;
using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Domain.Epochs.Quality;
using EdgeCompute.Coordinator.Epochs;
using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Runtime;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace EdgeCompute.Benchmarks.Dashboard;

/// <summary>
/// <c>dashboard-load [--nodes 10000] [--gateways 100] [--loads 7] [--results-per-device 20] [--api-requests 30]</c>: the coordinator
/// API and dashboard over a registry and node directory of N nodes (every device provisioned with an owner, gateways in distinct
/// geohash cells, each device with judged results and a closed epoch's data quality), opened in headless Chromium (Debian's
/// <c>/usr/bin/chromium</c>, or <c>EDGECOMPUTE_CHROMIUM</c>) by Playwright. Each load is a fresh browser context (no cache): from
/// navigation start until the fleet page shows the fleet's node count and its first page of 50 rows. Prints each load and the
/// median; then times <c>/api/nodes</c> pages beside <c>/api/health</c> (<see cref="NodesPageTimer"/>). <c>--loads 0</c> skips the browser.
/// </summary>
internal static class DashboardLoadHarness
{
    public const string Command = "dashboard-load";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        int nodes = 10_000, gateways = 100, loads = 7, resultsPerDevice = 20, apiRequests = 30;
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--nodes": nodes = value; break;
                case "--gateways": gateways = value; break;
                case "--loads": loads = value; break;
                case "--results-per-device": resultsPerDevice = value; break;
                case "--api-requests": apiRequests = value; break;
                default:
                    output.WriteLine($"usage: {Command} [--nodes N] [--gateways N] [--loads N] [--results-per-device N] [--api-requests N]");
                    return 64;
            }
        }

        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var ct = cancel.Token;
        var devices = nodes - gateways;
        var fleet = FleetProvisioner.Create(new FleetSpec(Math.Max(4, nodes / 50), gateways, devices));
        var folder = Directory.CreateTempSubdirectory("edgecompute-dashboard-load-").FullName;
        var time = TimeProvider.System;
        var epochs = new EpochPolicy { Genesis = DateTimeOffset.UnixEpoch, EpochLength = TimeSpan.FromHours(1) };
        try
        {
            await using var replica = await BenchReplica.OpenAsync(fleet, new CoordinatorOptions { DataFolder = folder }, epochs, time, 1, ct);
            const string Cells = "0123456789bcdefghjkmnpqrstuvwxyz";
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var (gateway, index) in fleet.Coordinator.Gateways.Select((g, i) => (g, i)))
            {
                var attached = fleet.Coordinator.Devices.Where(d => d.GatewayId == gateway.Id).Select(d => d.Id).ToList();
                var geohash = $"u{Cells[index % 32]}{Cells[(index / 32) % 32]}ruyd";
                replica.Nodes.GatewayBirth(new GatewayBirth(gateway.Id, 1, now, 4, 1L << 30, true, attached, geohash, []));
            }

            foreach (var device in fleet.Coordinator.Devices)
            {
                replica.Nodes.DeviceBirth(device.GatewayId, device.Id, 1, new DeviceBirth("1.0.0", "esp32", KernelNames.All, 320_000, 240, []));
            }

            var history = Stopwatch.StartNew();
            var closed = await new EpochSettlement(epochs, time, replica.Registry, replica.Stores.Ledger, replica.Stores.Work, replica.Stores.Windows).CloseAsync(0, ct);
            await ((IDeviceQualityStore)replica.Stores.Telemetry).WriteDeviceQualityAsync(0, [.. fleet.Coordinator.Devices.Select((d, i) =>
                new DeviceDataQuality(d.Id, d.OwnerId, i % 7 != 0, 1_440, i % 7 == 0 ? 1_200 : 1_440, new QualityRejections(0, 0, i % 7 == 0 ? 240 : 0, 0, 0, 0)))], ct);
            var seeded = await NodesPageTimer.SeedResultsAsync(Path.Combine(folder, CoordinatorStores.SqliteFiles.Work), fleet, resultsPerDevice, ct);
            output.WriteLine($"history: epoch 0 {closed.Reason} with {devices:N0} devices' data quality, {seeded:N0} judged results in {history.Elapsed.TotalSeconds:F1} s");

            var api = new CoordinatorApiServices(replica.Registry, replica.Engine, replica.Nodes, replica.Stores.Work, replica.Stores.Telemetry, replica.Stores.Ledger,
                new EpochClock(epochs, time), time, operatorToken: null);
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] }); // no watch on the working directory
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            builder.Services.AddCoordinatorApi(api);
            builder.Services.Configure<ApiLimitsOptions>(o => o.RateLimitsEnabled = false); // the timed requests come faster than one address may send
            await using var app = builder.Build();
            app.UseCoordinatorApi();
            app.MapCoordinatorApi();
            app.MapDashboard();
            await app.StartAsync(ct);
            var address = app.Urls.Single();
            output.WriteLine($"{Command}: {replica.Nodes.Snapshot().Count:N0} nodes ({gateways} gateways, {devices:N0} devices, {fleet.Coordinator.Owners.Count} owners) at {address}, {Environment.ProcessorCount} CPUs");

            if (loads == 0)
            {
                await NodesPageTimer.RunAsync(address, fleet, apiRequests, output, ct);
                return 0;
            }

            using var playwright = await Playwright.CreateAsync();
            var chromium = Environment.GetEnvironmentVariable("EDGECOMPUTE_CHROMIUM") is { Length: > 0 } c ? c : "/usr/bin/chromium";
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
            var shown = replica.Nodes.Snapshot().Count.ToString("N0", CultureInfo.InvariantCulture);
            var times = new List<double>();
            for (var load = 0; load <= loads; load++)
            {
                await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
                var page = await context.NewPageAsync();
                page.SetDefaultTimeout(60_000);
                var watch = Stopwatch.StartNew();
                await page.GotoAsync(address + "/#fleet");
                await page.WaitForFunctionAsync($"() => document.querySelector('[data-fleet=nodes] .v')?.textContent === '{shown}' && document.querySelectorAll('table.nodes tbody tr').length === 50");
                watch.Stop();
                var navigation = await page.EvaluateAsync<double>("() => performance.now()");
                if (load == 0)
                {
                    output.WriteLine($"warm-up load: {watch.Elapsed.TotalMilliseconds:F0} ms (not counted)");
                    continue;
                }

                times.Add(watch.Elapsed.TotalMilliseconds);
                output.WriteLine($"load {load}: {watch.Elapsed.TotalMilliseconds:F0} ms until the fleet and its first 50 rows show (page clock {navigation:F0} ms)");
            }

            var fleetBytes = (await new HttpClient().GetByteArrayAsync(address + "/api/fleet?limit=50", ct)).Length;
            times.Sort();
            output.WriteLine($"median {times[times.Count / 2]:F0} ms, min {times[0]:F0} ms, max {times[^1]:F0} ms over {times.Count} cold loads; /api/fleet page {fleetBytes:N0} bytes");
            await NodesPageTimer.RunAsync(address, fleet, apiRequests, output, ct);
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
