using EdgeCompute.Cli.Tests.Support;
using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Cli.Tests.Api;

/// <summary>The API's client commands against a real coordinator run by <c>edgecompute coordinator</c> in-process (embedded broker, SQLite, Kestrel on free ports).</summary>
public sealed class ApiCommandsTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private Task<CliOutcome>? _coordinator;
    private string _fleet = "";
    private string _api = "";
    private string _token = "";
    private int _broker;

    public async ValueTask InitializeAsync()
    {
        _fleet = await TestFleet.ProvisionAsync(_folder, devices: 4, gateways: 2, "--owners", "2");
        _token = FleetFiles.ReadCoordinator(Path.Combine(_fleet, "coordinator.json")).Owners.Single(o => o.Id == "owner-01").ApiToken;
        var http = FreePort.Next();
        _api = $"http://127.0.0.1:{http}";
        _broker = FreePort.Next();
        _coordinator = CliRunner.RunUntilAsync(
            ["coordinator", "--fleet", _fleet, "--data", _folder["data"], "--listen", $"mqtt://127.0.0.1:{_broker}", "--http", _api, "--epoch-length", "1h"],
            environment: null, _stop.Token);
        using var probe = new HttpClient();
        var up = false;
        await Eventually.TrueAsync(() => up || _coordinator.IsCompleted, "the coordinator's API", step: () =>
            up = probe.GetAsync($"{_api}/api/health", TestContext.Current.CancellationToken).ContinueWith(t => t.IsCompletedSuccessfully && t.Result.IsSuccessStatusCode, TaskScheduler.Default).Result);
        Assert.False(_coordinator.IsCompleted, "the coordinator stopped on its own");
    }

    [Fact]
    public async Task A_funded_owner_submits_a_job_and_sees_it_listed_and_shown()
    {
        var deposit = await CliRunner.RunAsync("ledger", "deposit", "--fleet", _fleet, "--data", _folder["data"], "--owner", "owner-01", "--amount", "2000000", "--reference", "t-1");
        var submit = await CliRunner.RunAsync("submit", "primes", "--from", "0", "--to", "100000", "--chunk", "50000", "--fee", "500000", "--job-id", "primes-1",
            "--token", _token, "--api", _api);
        var list = await CliRunner.RunAsync("jobs", "--api", _api);
        var show = await CliRunner.RunAsync("jobs", "primes-1", "--api", _api);

        Assert.Equal(0, deposit.ExitCode);
        Assert.Equal(0, submit.ExitCode);
        Assert.Contains("Job primes-1 accepted", submit.Out, StringComparison.Ordinal);
        Assert.Contains("primes-1", list.Out, StringComparison.Ordinal);
        Assert.Contains("owner-01", list.Out, StringComparison.Ordinal);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("tasks      2:", show.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_submitter_cancels_a_job_and_gets_the_unspent_escrow_back_and_jobs_json_shows_it_cancelled()
    {
        var deposit = await CliRunner.RunAsync("ledger", "deposit", "--fleet", _fleet, "--data", _folder["data"], "--owner", "owner-01", "--amount", "500000", "--reference", "t-c");
        var submit = await CliRunner.RunAsync("submit", "primes", "--from", "0", "--to", "100000", "--chunk", "50000", "--fee", "500000", "--job-id", "cancel-me",
            "--token", _token, "--api", _api);
        var other = FleetFiles.ReadCoordinator(Path.Combine(_fleet, "coordinator.json")).Owners.Single(o => o.Id == "owner-02").ApiToken;

        var stranger = await CliRunner.RunAsync("jobs", "cancel", "cancel-me", "--token", other, "--api", _api);
        var cancel = await CliRunner.RunAsync("jobs", "cancel", "cancel-me", "--token", _token, "--api", _api);
        var again = await CliRunner.RunAsync("jobs", "cancel", "cancel-me", "--token", _token, "--api", _api);
        var json = await CliRunner.RunAsync("jobs", "cancel-me", "--json", "--api", _api);
        var list = await CliRunner.RunAsync("jobs", "--status", "cancelled", "--json", "--api", _api);

        Assert.Equal((0, 0), (deposit.ExitCode, submit.ExitCode));
        Assert.Equal(1, stranger.ExitCode);
        Assert.StartsWith("error: Forbidden: only the job's submitter or the operator may cancel job cancel-me", stranger.Error, StringComparison.Ordinal);
        Assert.Equal(0, cancel.ExitCode);
        Assert.Contains("Job cancel-me was already cancelled", again.Out, StringComparison.Ordinal);
        using var shown = System.Text.Json.JsonDocument.Parse(json.Out);
        var job = shown.RootElement.GetProperty("job");
        var (escrowed, charged, refunded) = (job.GetProperty("fee").GetInt64(), job.GetProperty("charged").GetInt64(), job.GetProperty("refunded").GetInt64());
        Assert.True(escrowed <= 500_000 && charged > 0 && charged + refunded == escrowed, json.Out); // nothing verified: the storage alone is charged
        Assert.Contains($"Job cancel-me cancelled: 0 of 2 tasks verified; of the escrow {escrowed}, {charged} charged for that work and storage and {refunded} refunded.",
            cancel.Out, StringComparison.Ordinal);
        Assert.Equal("cancelled", shown.RootElement.GetProperty("job").GetProperty("status").GetString());
        Assert.Equal(2, shown.RootElement.GetProperty("job").GetProperty("tasks").GetProperty("cancelled").GetInt32());
        using var listed = System.Text.Json.JsonDocument.Parse(list.Out);
        Assert.Equal("cancel-me", Assert.Single(listed.RootElement.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Submit_wasm_uploads_only_what_the_owner_lacks_and_submits_the_inputs_by_hash()
    {
        var deposit = await CliRunner.RunAsync("ledger", "deposit", "--fleet", _fleet, "--data", _folder["data"], "--owner", "owner-01", "--amount", "1000000", "--reference", "t-w");
        var module = Path.Combine(_folder.Path, "module.wasm");
        const string Text = """
            (module (memory (export "memory") 1) (data (i32.const 4096) "a data section that makes the module larger than nothing")
              (func (export "alloc") (param i32) (result i32) (i32.const 1024))
              (func (export "run") (param i32 i32) (result i64) (i64.const 0)))
            """;
        File.WriteAllBytes(module, Wasmtime.Module.ConvertText(Text));
        File.WriteAllText(Path.Combine(_folder.Path, "module.wat"), Text);
        var inputs = Directory.CreateDirectory(Path.Combine(_folder.Path, "inputs")).FullName;
        for (var i = 0; i < 3; i++)
        {
            File.WriteAllBytes(Path.Combine(inputs, $"in-{i}.bin"), Enumerable.Repeat((byte)i, 5000).ToArray());
        }

        var first = await CliRunner.RunAsync("submit", "wasm", "--module", module, "--inputs", inputs, "--fuel", "100000", "--memory", "65536", "--fee", "300000",
            "--job-id", "wasm-1", "--token", _token, "--api", _api);
        var second = await CliRunner.RunAsync("submit", "wasm", "--module", module, "--inputs", Path.Combine(inputs, "in-2.bin"), inputs, "--fuel", "100000",
            "--memory", "65536", "--fee", "300000", "--job-id", "wasm-2", "--token", _token, "--api", _api);
        var fromText = await CliRunner.RunAsync("submit", "wasm", "--module", Path.Combine(_folder.Path, "module.wat"), "--inputs", Path.Combine(inputs, "in-0.bin"),
            "--fuel", "100000", "--memory", "65536", "--fee", "300000", "--job-id", "wasm-3", "--token", _token, "--api", _api);
        var outWithoutWait = await CliRunner.RunAsync("submit", "wasm", "--module", module, "--inputs", inputs, "--out", _folder["out"], "--token", _token, "--api", _api);
        var noInputs = await CliRunner.RunAsync("submit", "wasm", "--module", module, "--inputs", Path.Combine(_folder.Path, "nothing-here"), "--token", _token, "--api", _api);
        var tasks = await CliRunner.RunAsync("jobs", "wasm-2", "--tasks", "--api", _api);

        Assert.Equal(0, deposit.ExitCode);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("upload [", first.Out, StringComparison.Ordinal);
        Assert.Contains("4 of 4 files", first.Out, StringComparison.Ordinal);
        Assert.Contains("Job wasm-1 accepted", first.Out, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("0 of 0 files (0.0 MiB); 4 already held", second.Out, StringComparison.Ordinal);
        Assert.Contains("Job wasm-2 accepted", second.Out, StringComparison.Ordinal);
        Assert.Equal(0, fromText.ExitCode);
        Assert.Contains("0 of 0 files (0.0 MiB); 2 already held", fromText.Out, StringComparison.Ordinal); // the .wat compiles to the same module
        Assert.Equal(2, outWithoutWait.ExitCode);
        Assert.Contains("--out needs --wait", outWithoutWait.Error, StringComparison.Ordinal);
        Assert.Equal(2, noInputs.ExitCode);
        Assert.Contains("is neither a file nor a folder", noInputs.Error, StringComparison.Ordinal);
        Assert.Equal(0, tasks.ExitCode);
        Assert.Equal(4, tasks.Out.Split('\n').Count(l => l.TrimStart().StartsWith('#')));
    }

    [Fact]
    public async Task Submitting_without_funds_gives_the_balance_and_the_deposit_that_covers_the_escrow_and_exits_1()
    {
        var outcome = await CliRunner.RunAsync("submit", "pi", "--samples", "1000000", "--fee", "250000", "--token", _token, "--api", _api);

        Assert.Equal(1, outcome.ExitCode);
        var line = Assert.Single(outcome.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: Insufficient funds: ", line, StringComparison.Ordinal);
        var escrow = System.Text.RegularExpressions.Regex.Match(line, "the balance of owner-01 is 0 micro-units, the job's escrow ([0-9]+)\\.");
        Assert.True(escrow.Success, line);
        Assert.Contains($"edgecompute ledger deposit --fleet DIR --owner owner-01 --amount {escrow.Groups[1].Value} --reference REF", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deadline_is_sent_with_the_job_and_one_out_of_range_is_a_usage_error()
    {
        await CliRunner.RunAsync("ledger", "deposit", "--fleet", _fleet, "--data", _folder["data"], "--owner", "owner-01", "--amount", "500000", "--reference", "t-dl");
        var tooShort = await CliRunner.RunAsync("submit", "primes", "--from", "0", "--to", "1000", "--chunk", "500", "--deadline", "5s", "--token", _token, "--api", _api);
        var submit = await CliRunner.RunAsync("submit", "primes", "--from", "0", "--to", "1000", "--chunk", "500", "--deadline", "90m", "--job-id", "deadline-1",
            "--token", _token, "--api", _api);
        var json = await CliRunner.RunAsync("jobs", "deadline-1", "--json", "--api", _api);

        Assert.Equal(2, tooShort.ExitCode);
        Assert.Contains("--deadline must be 10s to 7d, found 5s", tooShort.Error, StringComparison.Ordinal);
        Assert.Equal(0, submit.ExitCode);
        Assert.Equal(0, json.ExitCode);
        Assert.Equal("primes", System.Text.Json.JsonDocument.Parse(json.Out).RootElement.GetProperty("job").GetProperty("kind").GetString());
        await using var store = await EdgeCompute.Coordinator.Storage.Work.SqliteWorkStore.OpenAsync(Path.Combine(_folder["data"], "work.db"), TestContext.Current.CancellationToken);
        var stored = await store.FindJobAsync("deadline-1", TestContext.Current.CancellationToken);
        Assert.Equal(5_400, EdgeCompute.Coordinator.Domain.Jobs.JobJson.DeserializeSpec(stored!.SpecJson).Value!.DeadlineSeconds);
    }

    [Fact]
    public async Task A_module_without_exports_is_refused_at_submit_in_one_line_and_exits_1()
    {
        var module = _folder["empty.wat"];
        await File.WriteAllTextAsync(module, "(module)", TestContext.Current.CancellationToken);

        var outcome = await CliRunner.RunAsync("submit", "mandelbrot", "--module", module, "--fee", "1000", "--token", _token, "--api", _api);

        Assert.Equal(1, outcome.ExitCode);
        var line = Assert.Single(outcome.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("error: Invalid module: the module exports no linear memory named `memory`", line.TrimEnd());
    }

    [Fact]
    public async Task A_job_no_online_gateway_can_run_yet_is_accepted_waiting_for_nodes()
    {
        await CliRunner.RunAsync("ledger", "deposit", "--fleet", _fleet, "--data", _folder["data"], "--owner", "owner-01", "--amount", "2000000", "--reference", "t-wait");
        var module = _folder["ok.wat"];
        await File.WriteAllTextAsync(module, """
            (module (memory (export "memory") 1)
              (func (export "alloc") (param i32) (result i32) (i32.const 1024))
              (func (export "run") (param i32 i32) (result i64) (i64.const 0)))
            """, TestContext.Current.CancellationToken);

        var submit = await CliRunner.RunAsync("submit", "mandelbrot", "--module", module, "--width", "64", "--height", "64", "--tile", "64", "--max-price", "100000",
            "--job-id", "waits-1", "--token", _token, "--api", _api);
        var show = await CliRunner.RunAsync("jobs", "waits-1", "--api", _api);

        Assert.Equal(0, submit.ExitCode);
        Assert.Contains("Job waits-1 accepted (waiting for nodes): ", submit.Out, StringComparison.Ordinal);
        Assert.Contains("Job waits-1 (wasm-map): waiting for nodes", show.Out, StringComparison.Ordinal);
        Assert.Contains("  waiting    no online gateway runs the wasm kernel", show.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_token_exits_1_with_a_hint_about_token()
    {
        var outcome = await CliRunner.RunAsync("submit", "pow", "--prefix-hex", "00ff", "--difficulty", "8", "--nonces", "1000", "--token", new string('a', 64), "--api", _api);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Unauthorized", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("--token", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nodes_says_none_match_before_any_gateway_came_and_refuses_an_unknown_state()
    {
        var table = await CliRunner.RunAsync("nodes", "--api", _api);
        var json = await CliRunner.RunAsync("nodes", "--json", "--kind", "device", "--api", _api);
        var bad = await CliRunner.RunAsync("nodes", "--state", "asleep", "--api", _api);

        Assert.Equal(0, table.ExitCode);
        Assert.Equal("No nodes match.", table.Out.Trim());
        Assert.Equal(0, json.ExitCode);
        Assert.Equal("[]", json.Out.Trim());
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("asleep", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nodes_shows_what_a_running_gateway_reported_about_its_outbox_uplink_and_devices_in_the_table_and_json()
    {
        var options = new EdgeCompute.Gateway.Configuration.GatewayOptions { DataFolder = _folder["gw-01"] };
        options.DeviceBroker.Port = FreePort.Next();
        options.Uplink.BrokerUrl = $"mqtt://127.0.0.1:{_broker}";
        options.Batching.StatusInterval = TimeSpan.FromMilliseconds(200); // a status-only batch soon after it connects
        options.Wasm.Enabled = false;
        var file = FleetFiles.ReadGateway(Path.Combine(_fleet, "gateways", "gw-01.json"));
        await using (var gateway = new EdgeCompute.Gateway.Runtime.GatewayNode(options, file))
        {
            await gateway.StartAsync(TestContext.Current.CancellationToken);
            using var http = new HttpClient();
            await Eventually.TrueAsync(() => http.GetStringAsync($"{_api}/api/nodes?kind=gateway", TestContext.Current.CancellationToken).Result.Contains("\"connectedDevices\":0", StringComparison.Ordinal),
                "the gateway's status v2 stored and served");
            await gateway.StopAsync(TestContext.Current.CancellationToken);
        }

        var table = await CliRunner.RunAsync("nodes", "--kind", "gateway", "--api", _api);
        var json = await CliRunner.RunAsync("nodes", "--kind", "gateway", "--json", "--api", _api);

        Assert.Equal((0, 0), (table.ExitCode, json.ExitCode));
        var lines = table.Out.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("GATEWAY", StringComparison.Ordinal) && l.Contains("OUTBOX BYTES", StringComparison.Ordinal) && l.Contains("RECONNECTS", StringComparison.Ordinal));
        var gw01 = lines.Single(l => l.StartsWith("gw-01 ", StringComparison.Ordinal) && l.EndsWith(" ago", StringComparison.Ordinal)).Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["0", "0", "0"], gw01[^4..^1]); // evicted, reconnects, devices: a fresh gateway with no device connected
        using var listed = System.Text.Json.JsonDocument.Parse(json.Out);
        var status = listed.RootElement.EnumerateArray().Single(n => n.GetProperty("node").GetProperty("id").GetString() == "gw-01").GetProperty("node").GetProperty("status");
        Assert.True(status.GetProperty("outboxBytes").GetInt64() >= 0, json.Out); // reported (a v1 status would give null)
        Assert.True(status.GetProperty("unackedBatches").GetInt64() >= 1, json.Out); // the carrying batch itself
        Assert.Equal((0L, 0L, 0L), (status.GetProperty("outboxEvictions").GetInt64(), status.GetProperty("uplinkReconnects").GetInt64(), status.GetProperty("connectedDevices").GetInt64()));
    }

    [Fact]
    public async Task An_unknown_job_is_a_not_found_problem()
    {
        var outcome = await CliRunner.RunAsync("jobs", "nope", "--api", _api);

        Assert.Equal(1, outcome.ExitCode);
        Assert.StartsWith("error: Not found: ", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Telemetry_export_of_a_quiet_device_is_the_csv_header_only()
    {
        var file = _folder["temp.csv"];

        var outcome = await CliRunner.RunAsync("telemetry", "export", "--device", "dev-0001", "--channel", "temp", "--out", file, "--api", _api);

        Assert.Equal(0, outcome.ExitCode);
        Assert.StartsWith("time,timeMs,source,channel", await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Contains("Wrote 0 rows", outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Epochs_says_none_is_closed_before_the_first_close_and_a_proof_needs_the_owners_file()
    {
        var list = await CliRunner.RunAsync("epochs", "--api", _api);
        var proof = await CliRunner.RunAsync("epochs", "1", "--proof", "owner-01", "--api", _api);
        var otherOwner = await CliRunner.RunAsync("epochs", "1", "--proof", "owner-02", "--owner-file", Path.Combine(_fleet, "owners", "owner-01.json"), "--api", _api);
        var notClosed = await CliRunner.RunAsync("epochs", "1", "--proof", "owner-01", "--owner-file", Path.Combine(_fleet, "owners", "owner-01.json"), "--api", _api);

        Assert.Equal(0, list.ExitCode);
        Assert.StartsWith("No epoch is closed yet", list.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("paid", list.Out, StringComparison.Ordinal);
        Assert.Equal(2, proof.ExitCode);
        Assert.Contains("--owner-file", proof.Error, StringComparison.Ordinal);
        Assert.Equal(2, otherOwner.ExitCode);
        Assert.Contains("owner-01", otherOwner.Error, StringComparison.Ordinal);
        Assert.Equal(1, notClosed.ExitCode); // the owner's file gave the token: the answer is the epoch's 404, not a 401
        Assert.StartsWith("error: Not found: epoch 1 is not closed", notClosed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_coordinator_on_the_same_http_port_exits_1_naming_http()
    {
        var outcome = await CliRunner.RunAsync("coordinator", "--fleet", _fleet, "--data", _folder["data2"], "--listen", $"mqtt://127.0.0.1:{FreePort.Next()}", "--http", _api);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("--http", outcome.Error, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_coordinator is not null)
        {
            var stopped = await _coordinator;
            Assert.Equal(0, stopped.ExitCode);
        }

        _stop.Dispose();
        _folder.Dispose();
    }
}
