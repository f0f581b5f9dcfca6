using System.Text.Json;
using EdgeCompute.Coordinator.Tests.Api;
using EdgeCompute.Coordinator.Tests.UseCases;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Tasks;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EdgeCompute.Coordinator.Tests.Dashboard;

/// <summary>The dashboard in headless Chromium against a running coordinator API: the numbers on each page are the API's.</summary>
public sealed class DashboardBrowserTests
{
    static DashboardBrowserTests() => SetDefaultExpectTimeout(Browser.WaitMs);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_page_shows_the_numbers_the_API_answers()
    {
        await using var world = await DashboardNetwork.CreateAsync();
        await using var browser = await Browser.LaunchAsync();
        var (context, page, errors) = await browser.OpenAsync(world.Address!);
        await using var _ = context;

        // fleet
        var fleet = await ApiWorld.JsonOf(await world.GetAsync("/api/fleet?limit=50"));
        await page.GotoAsync("/#fleet");
        await Expect(page.Locator("[data-fleet=nodes] .v")).ToHaveTextAsync(fleet.GetProperty("nodes").GetInt32().ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("[data-fleet=online] .v")).ToHaveTextAsync(fleet.GetProperty("online").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("table.gateways tbody tr")).ToHaveCountAsync(fleet.GetProperty("gateways").GetArrayLength());
        await Expect(page.Locator("table.nodes tbody tr")).ToHaveCountAsync(fleet.GetProperty("items").GetArrayLength());
        await Expect(page.Locator("svg.map circle")).ToHaveCountAsync(fleet.GetProperty("cells").GetArrayLength());
        foreach (var gateway in fleet.GetProperty("gateways").EnumerateArray())
        {
            var row = page.Locator($"table.gateways tr[data-gateway='{gateway.GetProperty("id").GetString()}'] td");
            Assert.Equal(gateway.GetProperty("devices").GetInt32(), DashboardNetwork.Number(await row.Nth(3).InnerTextAsync()));
            Assert.Equal(gateway.GetProperty("devicesOnline").GetInt32(), DashboardNetwork.Number(await row.Nth(4).InnerTextAsync()));
            var status = gateway.GetProperty("status");
            string[] fields = ["connectedDevices", "outboxDepth", "", "unackedBatches", "outboxEvictions", "uplinkReconnects"];
            for (var i = 0; i < fields.Length; i++)
            {
                if (fields[i].Length == 0) continue; // outbox size, in binary units: below
                var cell = await row.Nth(5 + i).InnerTextAsync();
                if (status.ValueKind == JsonValueKind.Null || status.GetProperty(fields[i]).ValueKind == JsonValueKind.Null) Assert.Equal("—", cell);
                else Assert.Equal(status.GetProperty(fields[i]).GetInt64(), DashboardNetwork.Number(cell));
            }
        }

        var reporting = fleet.GetProperty("gateways").EnumerateArray().Single(g => g.GetProperty("status").ValueKind != JsonValueKind.Null);
        var reported = page.Locator($"table.gateways tr[data-gateway='{reporting.GetProperty("id").GetString()}'] td");
        await Expect(reported.Nth(5)).ToHaveTextAsync("4");
        await Expect(reported.Nth(7)).ToHaveTextAsync("1.0 MiB");
        await Expect(reported.Nth(11)).ToHaveTextAsync("87.0 %");

        foreach (var node in fleet.GetProperty("items").EnumerateArray().Take(5))
        {
            var seen = page.Locator($"table.nodes tr[data-node='{node.GetProperty("id").GetString()}'] td").Nth(5);
            Assert.Equal(node.GetProperty("lastSeen").ValueKind == JsonValueKind.Null ? "never" : "ago", (await seen.InnerTextAsync()).Split(' ')[^1]);
        }

        var stats = await ApiWorld.JsonOf(await world.GetAsync("/api/stats"));
        Assert.Equal(stats.GetProperty("readingsStored").GetInt64(), DashboardNetwork.Number(await page.Locator("[data-stat=readingsStored] .v").InnerTextAsync()));
        Assert.Equal(stats.GetProperty("tasks").GetProperty("verified").GetInt64(), DashboardNetwork.Number(await page.Locator("[data-stat=tasksVerified] .v").InnerTextAsync()));
        Assert.Equal(stats.GetProperty("jobs").GetProperty("completed").GetInt64(), DashboardNetwork.Number(await page.Locator("[data-stat=jobsCompleted] .v").InnerTextAsync()));
        await Browser.ScreenshotAsync(page, "fleet");

        // jobs
        var job = await ApiWorld.JsonOf(await world.GetAsync($"/api/jobs/{DashboardNetwork.JobId}"));
        await page.GotoAsync("/#jobs");
        var jobRow = page.Locator($"table.jobs tr[data-job='{DashboardNetwork.JobId}'] td");
        await Expect(jobRow.Nth(4)).ToHaveTextAsync(job.GetProperty("status").GetString()!);
        var tasks = job.GetProperty("tasks");
        await Expect(jobRow.Nth(5)).ToContainTextAsync($"{tasks.GetProperty("verified").GetInt32()}/{tasks.GetProperty("total").GetInt32()}");
        Assert.Equal(job.GetProperty("fee").GetInt64(), DashboardNetwork.Number(await jobRow.Nth(3).InnerTextAsync()));
        await Browser.ScreenshotAsync(page, "jobs");
        await page.Locator($"table.jobs tr[data-job='{DashboardNetwork.JobId}'] a").ClickAsync();
        await Expect(page.Locator("#result")).ToBeVisibleAsync();
        var shown = JsonDocument.Parse(await page.Locator("#result").InnerTextAsync()).RootElement;
        var result = await ApiWorld.JsonOf(await world.GetAsync($"/api/jobs/{DashboardNetwork.JobId}/result"));
        Assert.Equal(JsonSerializer.Serialize(result), JsonSerializer.Serialize(shown));
        await Browser.ScreenshotAsync(page, "job");

        // epochs
        var epoch = await ApiWorld.JsonOf(await world.GetAsync("/api/epochs/0"));
        await page.GotoAsync("/#epochs");
        var epochRow = page.Locator("table.epochs tr[data-epoch='0'] td");
        await Expect(epochRow.Nth(3)).ToHaveTextAsync(epoch.GetProperty("totalPaid").GetInt64().ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(epoch.GetProperty("metrics").GetProperty("gini").GetDouble().ToString("F4", System.Globalization.CultureInfo.InvariantCulture), await epochRow.Nth(5).InnerTextAsync());
        Assert.Equal(epoch.GetProperty("metrics").GetProperty("nakamoto").GetInt32(), DashboardNetwork.Number(await epochRow.Nth(6).InnerTextAsync()));
        await page.GotoAsync("/#epoch/0");
        var payouts = epoch.GetProperty("payouts").EnumerateArray().ToList();
        await Expect(page.Locator("table.payouts tbody tr")).ToHaveCountAsync(payouts.Count);
        foreach (var line in payouts)
        {
            var owner = line.GetProperty("owner").GetString()!;
            Assert.Equal(line.GetProperty("amount").GetInt64(), DashboardNetwork.Number(await page.Locator($"table.payouts tr[data-owner='{owner}'] td").Nth(1).InnerTextAsync()));
        }

        var chartOwners = await page.Locator("#reward-chart text.owner").AllTextContentsAsync();
        Assert.Equal(payouts.Select(l => l.GetProperty("owner").GetString()).Order(StringComparer.Ordinal), chartOwners.Order(StringComparer.Ordinal));
        var cap = epoch.GetProperty("pot").GetInt64() * ApiWorld.Policy.OwnerShareCapBasisPoints / 10_000;
        Assert.Equal(1, await page.Locator("#reward-chart line.cap").CountAsync());
        Assert.EndsWith("= " + cap.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), await page.Locator("#reward-chart text.cap-label").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(payouts.Select(l => l.GetProperty("amount").GetInt64().ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal),
            (await page.Locator("#reward-chart text.amount").AllTextContentsAsync()).Order(StringComparer.Ordinal));
        await Browser.ScreenshotAsync(page, "epoch");

        // telemetry
        var device = DashboardNetwork.Device(world);
        var telemetry = await ApiWorld.JsonOf(await world.GetAsync($"/api/telemetry?device={device}&channel={DashboardNetwork.Channel}&limit=10000"));
        await page.GotoAsync($"/#telemetry?device={device}&channel={DashboardNetwork.Channel}");
        await Expect(page.Locator("svg.telemetry-chart")).ToHaveCountAsync(1);
        await Expect(page.Locator(".telemetry-summary")).ToContainTextAsync($"{telemetry.GetProperty("points").GetArrayLength()} windows");
        var quality = await ApiWorld.JsonOf(await world.GetAsync("/api/epochs/0/quality"));
        var judged = quality.GetProperty("devices").EnumerateArray().ToList();
        Assert.NotEmpty(judged);
        await Expect(page.Locator("table.quality tbody tr")).ToHaveCountAsync(judged.Count);
        foreach (var row in judged)
        {
            var cells = page.Locator($"table.quality tr[data-quality='{row.GetProperty("deviceId").GetString()}'] td");
            Assert.Equal(row.GetProperty("score").GetDouble().ToString("F3", System.Globalization.CultureInfo.InvariantCulture), await cells.Nth(2).InnerTextAsync());
            Assert.Equal(row.GetProperty("submittedReadings").GetInt64(), DashboardNetwork.Number(await cells.Nth(4).InnerTextAsync()));
        }

        await Browser.ScreenshotAsync(page, "telemetry");

        // ledger, with the last audit as the API gives it
        await page.GotoAsync("/#ledger");
        await Expect(page.Locator("#audit")).ToContainTextAsync("No audit has finished yet");
        await world.Auditor.RunAsync(Ct);
        var audit = await ApiWorld.JsonOf(await world.GetAsync("/api/ledger/audit"));
        Assert.True(audit.GetProperty("valid").GetBoolean(), audit.GetProperty("detail").GetString());
        await page.ReloadAsync();
        await Expect(page.Locator("#audit")).ToContainTextAsync($"passed at {audit.GetProperty("at").GetDateTimeOffset().UtcDateTime:yyyy-MM-dd HH:mm:ss}Z: {audit.GetProperty("entriesChecked").GetInt64():N0} entries and {audit.GetProperty("statementsChecked").GetInt32()} statements");
        await Expect(page.Locator("#chain-head")).ToContainTextAsync(epoch.GetProperty("chainHead").GetProperty("hash").GetString()!);
        await Expect(page.Locator("table.roots tr[data-epoch='0']")).ToContainTextAsync(epoch.GetProperty("merkleRoot").GetString()!);
        await Browser.ScreenshotAsync(page, "ledger");

        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_gateway_going_offline_shows_on_the_open_page_without_a_reload()
    {
        await using var world = await DashboardNetwork.CreateAsync();
        await using var browser = await Browser.LaunchAsync();
        var (context, page, errors) = await browser.OpenAsync(world.Address!);
        await using var _ = context;
        await page.GotoAsync("/#fleet");
        await Expect(page.Locator("table.gateways tr[data-gateway='gw-02'] td").Nth(2)).ToHaveTextAsync("online");
        var url = page.Url;

        world.Work.Nodes.GatewayState("gw-02", online: false); // its devices go offline with it

        // the page polls (every 3 s); the bound here is generous for a busy machine, the poll interval is what the page promises
        var fleet = await ApiWorld.JsonOf(await world.GetAsync("/api/fleet"));
        await Expect(page.Locator("table.gateways tr[data-gateway='gw-02'] td").Nth(2)).ToHaveTextAsync("offline");
        await Expect(page.Locator("[data-fleet=online] .v")).ToHaveTextAsync(fleet.GetProperty("online").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("table.gateways tr[data-gateway='gw-02'] td").Nth(4)).ToHaveTextAsync("0");
        Assert.Equal(url, page.Url);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_device_leaving_shows_offline_and_coming_back_shows_online_on_the_open_page_as_the_api_says()
    {
        await using var world = await DashboardNetwork.CreateAsync();
        await using var browser = await Browser.LaunchAsync();
        var (context, page, errors) = await browser.OpenAsync(world.Address!);
        await using var _ = context;
        var device = world.Work.Device(DashboardNetwork.Device(world));
        var state = page.Locator($"table.nodes tr[data-node='{device.Id}'] td").Nth(4);
        await page.GotoAsync("/#fleet");
        await Expect(state).ToHaveTextAsync("online");

        // the gateway reports the device gone (what a clean disconnect, a lost connection or an expired keep-alive become)
        world.Work.Nodes.DeviceState(device.GatewayId, new DeviceStateItem(device.Id, Online: false, TimeMs: WorkWorld.T0 + 3_600_000));
        await Expect(state).ToHaveTextAsync("offline");
        Assert.False(await OnlineInApiAsync(world, device.GatewayId, device.Id));

        world.Work.Nodes.DeviceState(device.GatewayId, new DeviceStateItem(device.Id, Online: true, TimeMs: WorkWorld.T0 + 3_660_000));
        await Expect(state).ToHaveTextAsync("online");
        Assert.True(await OnlineInApiAsync(world, device.GatewayId, device.Id));
        Assert.Empty(errors);
    }

    private static async Task<bool> OnlineInApiAsync(ApiWorld world, string gatewayId, string deviceId) =>
        (await ApiWorld.JsonOf(await world.GetAsync($"/api/nodes?gateway={gatewayId}"))).GetProperty("items").EnumerateArray()
            .Single(n => n.GetProperty("id").GetString() == deviceId).GetProperty("online").GetBoolean();

    [Fact]
    public async Task The_operator_sees_every_owners_balance_as_the_api_gives_it_and_an_owner_sees_no_such_table()
    {
        await using var world = await DashboardNetwork.CreateAsync();
        var accounts = (await ApiWorld.JsonOf(await world.GetAsync("/api/accounts?limit=1000", ApiWorld.OperatorToken))).GetProperty("items").EnumerateArray().ToList();
        await using var browser = await Browser.LaunchAsync();
        var (context, page, errors) = await browser.OpenAsync(world.Address!);
        await using var _ = context;

        await page.GotoAsync("/#ledger");
        await page.FillAsync("#token", world.TokenOf(world.Owner(0)));
        await page.ClickAsync("#signin-button");
        await Expect(page.Locator("#balance")).ToHaveCountAsync(1);
        await Expect(page.Locator("table.balances")).ToHaveCountAsync(0);
        await page.ClickAsync("#signout-button");
        await page.FillAsync("#token", ApiWorld.OperatorToken);
        await page.ClickAsync("#signin-button");

        await Expect(page.Locator("table.balances tbody tr")).ToHaveCountAsync(accounts.Count);
        Assert.Contains(accounts, a => a.GetProperty("balance").GetInt64() > 0); // epoch 0 paid someone
        foreach (var account in accounts)
        {
            var owner = account.GetProperty("owner").GetString();
            Assert.Equal(account.GetProperty("balance").GetInt64(), DashboardNetwork.Number(await page.Locator($"table.balances tr[data-owner='{owner}'] td").Nth(2).InnerTextAsync()));
        }

        await Browser.ScreenshotAsync(page, "ledger-operator");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_job_page_shows_a_trapped_run_and_its_submitter_cancels_the_job_and_gets_the_unspent_escrow_back()
    {
        await using var world = await DashboardNetwork.CreateAsync();
        var owner = world.Owner(1);
        await world.Work.FundAsync(owner, 7_000);
        var jobId = await world.Work.SubmitAsync(new Domain.Jobs.Kinds.WasmMap.WasmMapJobSpec(WasmModules.Valid, [[1], [2], [3]], 100_000, 1 << 16), owner, 7_000);
        await world.Work.UseCases.Issue.PumpAsync(Ct);
        var first = world.Work.Published.All.First(t => t.Target.Length == 0 && TaskAssignmentCodec.Decode(t.Assignment).Value!.TaskId.StartsWith(jobId, StringComparison.Ordinal));
        var assignment = TaskAssignmentCodec.Decode(first.Assignment).Value!;
        await world.Work.UseCases.Results.AcceptGatewayResultAsync(new GatewayTaskResultItem(assignment.TaskId, assignment.Slot, GatewayTaskStatus.Trap, 4_321, ReadOnlyMemory<byte>.Empty),
            first.GatewayId, Ct);
        await using var browser = await Browser.LaunchAsync();
        var (context, page, errors) = await browser.OpenAsync(world.Address!);
        await using var _ = context;

        await page.GotoAsync($"/#job/{jobId}");
        var trapped = page.Locator("table.task-problems tbody tr");
        await Expect(trapped).ToHaveCountAsync(1);
        await Expect(trapped.Locator("td").Nth(3)).ToContainTextAsync($"{first.GatewayId} Trap");
        await Expect(page.Locator("#cancel-job")).ToHaveCountAsync(0); // the public view may not cancel

        await page.FillAsync("#token", world.TokenOf(owner));
        await page.ClickAsync("#signin-button");
        await Expect(page.Locator("#cancel-job")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "job-failed-runs");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.ClickAsync("#cancel-job");

        await Expect(page.Locator("tr[data-field=status] td")).ToHaveTextAsync("cancelled");
        var shown = (await world.Work.Store.FindJobAsync(jobId, Ct))!;
        await Expect(page.Locator("tr[data-field=charged] td")).ToHaveTextAsync(shown.PriceStorage!.Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("tr[data-field=refunded] td")).ToHaveTextAsync((shown.Fee - shown.PriceStorage.Value).ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("#cancel-job")).ToHaveCountAsync(0);
        // nothing was verified: the cancel charges only the job's storage and gives the rest of its quote back
        Assert.Equal(7_000 - (await world.Work.Store.FindJobAsync(jobId, Ct))!.PriceStorage, await world.Work.Ledger.ReadBalanceAsync(Domain.Ledger.AccountId.Owner(owner), Ct));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_owner_sees_their_balance_exact_locations_and_proof_and_not_another_owners()
    {
        await using var world = await DashboardNetwork.CreateAsync();
        var epoch = await ApiWorld.JsonOf(await world.GetAsync("/api/epochs/0"));
        var paid = epoch.GetProperty("payouts").EnumerateArray().Select(l => l.GetProperty("owner").GetString()!).ToList();
        var owner = world.Work.Fleet.Coordinator.Devices.Select(d => d.OwnerId).First(paid.Contains);
        var other = world.Work.Fleet.Coordinator.Devices.Select(d => d.OwnerId).First(o => o != owner);
        var balance = await ApiWorld.JsonOf(await world.GetAsync($"/api/accounts/{owner}", world.TokenOf(owner)));
        var otherBalance = await ApiWorld.JsonOf(await world.GetAsync($"/api/accounts/{other}", world.TokenOf(other)));
        await using var browser = await Browser.LaunchAsync();
        var (context, page, errors) = await browser.OpenAsync(world.Address!);
        await using var _ = context;

        await page.GotoAsync("/#ledger");
        await Expect(page.Locator("#who")).ToHaveTextAsync("public view");
        await Expect(page.Locator("#balance")).ToHaveCountAsync(0);
        await Expect(page.Locator("button.proof")).ToHaveCountAsync(0);

        await page.FillAsync("#token", world.TokenOf(owner));
        await page.ClickAsync("#signin-button");
        await Expect(page.Locator("#who")).ToHaveTextAsync($"signed in as owner {owner}");
        await Expect(page.Locator("#balance")).ToContainTextAsync(balance.GetProperty("balance").GetInt64().ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(other, await page.Locator("#balance").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(world.TokenOf(owner), await page.EvaluateAsync<string>("() => sessionStorage.getItem('edgecompute.token')"));

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("table.roots tr[data-epoch='0'] button.proof").ClickAsync());
        var proof = JsonDocument.Parse(await File.ReadAllTextAsync(await download.PathAsync(), Ct)).RootElement;
        Assert.Equal(owner, proof.GetProperty("owner").GetString());
        Assert.True(proof.GetProperty("verified").GetBoolean());
        Assert.Equal(epoch.GetProperty("merkleRoot").GetString(), proof.GetProperty("root").GetString());
        await Browser.ScreenshotAsync(page, "ledger-owner");

        // exact locations for the owner's own nodes only
        await page.GotoAsync("/#fleet");
        await Expect(page.Locator("table.nodes tbody tr")).Not.ToHaveCountAsync(0);
        foreach (var row in await page.Locator("table.nodes tbody tr").AllAsync())
        {
            var cells = row.Locator("td");
            var rowOwner = await cells.Nth(2).InnerTextAsync();
            var geohash = await cells.Nth(9).Locator("code").InnerTextAsync();
            Assert.Equal(rowOwner == owner ? "u4pruyd" : "u4pru", geohash);
        }

        // the page never holds another owner's private data: the API refuses it to this token
        var status = await page.EvaluateAsync<int>($"async () => (await fetch('/api/accounts/{other}', {{ headers: {{ Authorization: 'Bearer ' + sessionStorage.getItem('edgecompute.token') }} }})).status");
        Assert.Equal(403, status);
        Assert.DoesNotContain(otherBalance.GetProperty("balance").GetInt64().ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " micro", await page.ContentAsync(), StringComparison.Ordinal);

        await page.ClickAsync("#signout-button");
        await Expect(page.Locator("#who")).ToHaveTextAsync("public view");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('edgecompute.token')"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Ids_channels_and_errors_carrying_markup_are_shown_as_text()
    {
        const string Device = "<img src=x onerror=\"window.__xss='device'\">dev";
        const string Channel = "<script>window.__xss='channel'</script>";
        const string Missing = "<b id=\"injected\">nobody</b>";
        await using var world = await DashboardNetwork.CreateAsync();
        var gateway = world.Work.Fleet.Coordinator.Gateways[0].Id;
        world.Work.Nodes.DeviceBirth(gateway, Device, 1, new DeviceBirth("1.0.0", "esp32", KernelNames.All, 320_000, 240, []));
        await world.StoreTelemetryAsync(DashboardNetwork.Device(world), Channel, [(EdgeCompute.Coordinator.Tests.UseCases.WorkWorld.T0, 1_000)]);
        await using var browser = await Browser.LaunchAsync();
        var (context, page, errors) = await browser.OpenAsync(world.Address!);
        await using var _ = context;

        await page.GotoAsync("/#fleet?q=" + Uri.EscapeDataString("onerror"));
        await Expect(page.Locator("table.nodes tbody tr td").First).ToHaveTextAsync(Device);
        await page.GotoAsync($"/#telemetry?device={DashboardNetwork.Device(world)}&channel={Uri.EscapeDataString(Channel)}");
        await Expect(page.Locator("section.telemetry h2")).ToContainTextAsync(Channel);
        await page.GotoAsync($"/#telemetry?device={Uri.EscapeDataString(Missing)}&channel=temp");
        await Expect(page.Locator("section.telemetry .failed")).ToContainTextAsync(Missing);
        await Browser.ScreenshotAsync(page, "escaped");

        Assert.Equal(0, await page.Locator("#injected, img[src='x'], main script").CountAsync());
        Assert.Null(await page.EvaluateAsync<string?>("() => window.__xss ?? null"));
        Assert.Empty(errors);
    }
}
