using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeCompute.Integration.Tests.Harness;

namespace EdgeCompute.Integration.Tests.Readme;

/// <summary>
/// README.md's three-process flow, run line by line through bash and the built <c>edgecompute</c> exactly as written (the
/// ports moved, see <see cref="ReadmeFlow"/>), so the README cannot rot: two gateways of different owners, a deposit, a
/// submitted job that completes, a one-minute epoch closed and paid, <c>epochs</c>, the API's stats matching what the
/// simulations sent, and <c>ledger verify</c> checking real entries. Lines marked "terminal N" run in the background as a
/// user's terminals would; the test waits for what a user waits for (the API up, a device port open, a minute for the
/// epoch, the simulations' end) and nothing else.
/// </summary>
[Collection(FaultTestCollection.Name)]
public sealed partial class ReadmeFlowTests : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly WorkFolder _work = new();
    private readonly List<EdgeComputeProcess> _background = [];
    private readonly Dictionary<string, string?> _exported = new(StringComparer.Ordinal);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

    [Fact]
    public async Task The_readme_flow_runs_as_written_and_ends_with_an_epoch_paid_and_a_verified_ledger()
    {
        var flow = ReadmeFlow.Read();
        var simulations = new List<EdgeComputeProcess>();
        var ran = new List<string>();
        foreach (var line in flow.Lines)
        {
            TestLog.Line($"[readme] {line.Written}");
            TestLog.Line($"[readme]   runs as: {line.Command}");
            if (line.Command.Contains("alias edgecompute=", StringComparison.Ordinal))
            {
                // the build and the alias: the test runs the CLI it was built with, as a bash function of the same name
                Assert.Contains("cli/EdgeCompute.Cli/bin/Release/net10.0/edgecompute.dll", line.Command, StringComparison.Ordinal);
                continue;
            }

            ran.Add(Kind(line));
            switch (Kind(line))
            {
                case "coordinator":
                    Assert.NotNull(line.Terminal);
                    var coordinator = Background(line);
                    await Poll.UntilAsync(async () => coordinator.HasExited || await ApiAnswersAsync(flow), "the coordinator's API", StartTimeout, () => coordinator.Tail(10));
                    Assert.False(coordinator.HasExited, coordinator.Tail());
                    break;
                case "gateway":
                    Assert.NotNull(line.Terminal);
                    var gateway = Background(line);
                    var port = flow.DevicePort + int.Parse(GatewayNumber().Match(line.Command).Groups[1].Value, CultureInfo.InvariantCulture) - 1;
                    await Poll.UntilAsync(async () => gateway.HasExited || await FreePort.IsOpenAsync(port), $"the gateway's device broker on {port}", StartTimeout, () => gateway.Tail(10));
                    Assert.False(gateway.HasExited, gateway.Tail());
                    break;
                case "simulate":
                    Assert.NotNull(line.Terminal);
                    simulations.Add(Background(line));
                    break;
                case "export":
                    await ExportAsync(line);
                    break;
                case "submit":
                    var submit = await RunAsync(line, TimeSpan.FromMinutes(5));
                    Assert.Contains("\"count\":148933", submit.Out[^1], StringComparison.Ordinal); // π(2,000,000), computed by the devices
                    break;
                case "nodes":
                    NodesListTheFleetWithTheJobsWork(await RunAsync(line, TimeSpan.FromMinutes(2)));
                    await ReplicasPerVerifiedTaskAreScrapedAsync(flow);
                    break;
                case "epochs":
                    await UntilPaidAsync(line);
                    break;
                case "stats":
                    await StatsMatchSimulationsAsync(line, simulations);
                    break;
                case "verify":
                    var verify = await RunAsync(line, TimeSpan.FromMinutes(2));
                    Assert.Contains(verify.Out, l => l.StartsWith("Ledger verified", StringComparison.Ordinal));
                    var entries = long.Parse(EntriesChecked().Match(string.Join('\n', verify.Out)).Groups[1].Value, CultureInfo.InvariantCulture);
                    TestLog.Line($"[readme] ledger verify checked {entries} entries");
                    Assert.True(entries >= 4, $"only {entries} entries: the deposit, the job's escrow and fee and the epoch's payouts should be there\n{verify.Tail()}");
                    break;
                default:
                    await RunAsync(line, TimeSpan.FromMinutes(2));
                    break;
            }
        }

        Assert.Equal(["provision", "coordinator", "gateway", "gateway", "simulate", "simulate", "deposit", "export", "submit", "nodes", "epochs", "stats", "verify"], ran);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _background)
        {
            await process.DisposeAsync();
        }

        _http.Dispose();
        _work.Dispose();
    }

    /// <summary>What the line does; a line this test does not know fails it, so the README and the test change together.</summary>
    private static string Kind(ReadmeLine line) => line.Command switch
    {
        _ when line.StartsWith("edgecompute provision fleet ") => "provision",
        _ when line.StartsWith("edgecompute coordinator ") => "coordinator",
        _ when line.StartsWith("edgecompute gateway ") => "gateway",
        _ when line.StartsWith("edgecompute simulate ") => "simulate",
        _ when line.StartsWith("edgecompute ledger deposit ") => "deposit",
        _ when line.StartsWith("export ") => "export",
        _ when line.StartsWith("edgecompute submit ") => "submit",
        _ when line.StartsWith("edgecompute nodes") => "nodes",
        _ when line.StartsWith("edgecompute epochs") => "epochs",
        _ when line.StartsWith("curl ") && line.Command.Contains("/api/stats", StringComparison.Ordinal) => "stats",
        _ when line.StartsWith("edgecompute ledger verify ") => "verify",
        _ => throw new Xunit.Sdk.XunitException($"the README's flow has a line this test does not know; teach the test what it does: {line.Written}"),
    };

    /// <summary>The line as bash runs it: <c>edgecompute</c> is the built CLI (exec'd, so the process is the CLI itself).</summary>
    private static string Script(ReadmeLine line, string? then = null) =>
        $"set -e\nedgecompute() {{ exec dotnet '{RepoLayout.EdgeComputeDll}' \"$@\"; }}\n{line.Command}\n{then}";

    private EdgeComputeProcess Start(ReadmeLine line, string? then = null) =>
        EdgeComputeProcess.StartProgram(Kind(line), "bash", ["-c", Script(line, then)], _exported, _work.Path);

    private EdgeComputeProcess Background(ReadmeLine line)
    {
        var process = Start(line);
        _background.Add(process);
        return process;
    }

    private async Task<EdgeComputeProcess> RunAsync(ReadmeLine line, TimeSpan timeout, bool mustSucceed = true)
    {
        var process = Start(line);
        _background.Add(process); // disposed with the rest
        var code = await process.WaitForExitAsync(timeout);
        if (mustSucceed)
        {
            Assert.True(code == 0, $"\"{line.Written}\" exited with {code}\n{process.Tail()}");
        }

        return process;
    }

    private async Task ExportAsync(ReadmeLine line)
    {
        var name = ExportName().Match(line.Command).Groups[1].Value;
        var process = Start(line, $"printf '%s' \"${name}\"");
        _background.Add(process);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, process.Tail());
        var value = string.Join('\n', process.Out);
        Assert.False(string.IsNullOrWhiteSpace(value), $"\"{line.Written}\" set {name} to nothing");
        _exported[name] = value;
    }

    /// <summary>"A minute later": the line again until it lists an epoch that paid something.</summary>
    /// <summary>
    /// <c>edgecompute nodes</c> right after the job: a table with both gateways online under their owners and every
    /// device, and the job's verified results counted on the devices that ran them (4 chunks, each replicated).
    /// </summary>
    private static void NodesListTheFleetWithTheJobsWork(EdgeComputeProcess nodes)
    {
        // the nodes table ends at the first blank line; the gateways' status table follows it
        var rows = nodes.Out.TakeWhile(l => !string.IsNullOrWhiteSpace(l)).Where(l => l.StartsWith("gw-", StringComparison.Ordinal) || l.StartsWith("dev-", StringComparison.Ordinal))
            .Select(l => ColumnGap().Split(l.Trim())).ToList();
        TestLog.Line($"[readme] nodes listed {rows.Count} nodes:\n{string.Join('\n', nodes.Out)}");
        Assert.Equal(10, rows.Count); // 2 gateways, 8 devices
        Assert.Equal(["NODE", "KIND", "STATE", "OWNER", "GATEWAY", "KERNELS", "REPUTATION", "VERIFIED", "REJECTED"], ColumnGap().Split(nodes.Out[0].Trim()).Take(9));
        Assert.Equal([("gw-01", "online", "owner-01"), ("gw-02", "online", "owner-02")], rows.Where(r => r[1] == "gateway").Select(r => (r[0], r[2], r[3])));
        var verified = rows.Where(r => r[1] == "device").Sum(r => long.Parse(r[7], NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        Assert.True(verified >= 4, $"the job's 4 tasks were verified, yet the devices show {verified} verified results");
        var status = nodes.Out.SkipWhile(l => !string.IsNullOrWhiteSpace(l)).Skip(1).ToList();
        Assert.Equal("GATEWAY", ColumnGap().Split(status.FirstOrDefault()?.Trim() ?? "")[0]);
        Assert.Equal(["gw-01", "gw-02"], status.Skip(1).Select(l => ColumnGap().Split(l.Trim())[0]));
    }

    /// <summary>The job's tasks ran under a 2-of-2 quorum (owner diversity): <c>/metrics</c> says each verified task cost at least two results.</summary>
    private async Task ReplicasPerVerifiedTaskAreScrapedAsync(ReadmeFlow flow)
    {
        var metrics = await _http.GetStringAsync(new Uri($"{flow.Api}/metrics"), TestContext.Current.CancellationToken);
        var line = metrics.Split('\n').SingleOrDefault(l => l.StartsWith("edgecompute_tasks_replicas_per_verified{", StringComparison.Ordinal) || l.StartsWith("edgecompute_tasks_replicas_per_verified ", StringComparison.Ordinal));
        Assert.True(line is not null, "no edgecompute_tasks_replicas_per_verified in /metrics:\n" + string.Join('\n', metrics.Split('\n').Where(l => l.StartsWith("edgecompute_tasks", StringComparison.Ordinal))));
        var value = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        TestLog.Line($"[readme] {line}");
        Assert.InRange(value, 2.0, 10.0);
    }

    private async Task UntilPaidAsync(ReadmeLine line)
    {
        EdgeComputeProcess? last = null;
        await Poll.UntilAsync(async () =>
        {
            last = await RunAsync(line, TimeSpan.FromMinutes(1));
            return last.Out.Select(l => Paid().Match(l)).Any(m => m.Success && long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > 0);
        }, "an epoch paid", TimeSpan.FromMinutes(4), () => last?.Tail(5) ?? "");
        TestLog.Line($"[readme] {string.Join(" | ", last!.Out)}");
    }

    /// <summary>"Once the simulations ended": each exits 0; then the stats line again until the store holds every reading they sent.</summary>
    private async Task StatsMatchSimulationsAsync(ReadmeLine line, List<EdgeComputeProcess> simulations)
    {
        long sent = 0;
        foreach (var simulation in simulations)
        {
            Assert.True(await simulation.WaitForExitAsync(TimeSpan.FromMinutes(5)) == 0, simulation.Tail());
            sent += SimulationTotals.Parse(simulation.Out[^1]).ReadingsSent;
        }

        Assert.True(sent > 0, "the simulations sent no reading");
        long stored = -1;
        await Poll.UntilAsync(async () =>
        {
            var stats = await RunAsync(line, TimeSpan.FromSeconds(60));
            using var json = JsonDocument.Parse(string.Join('\n', stats.Out));
            stored = json.RootElement.GetProperty("readingsStored").GetInt64();
            return stored == sent;
        }, "readingsStored = the readingsSent of the simulations", TimeSpan.FromMinutes(2), () => $"{stored} stored of {sent} sent");
        TestLog.Line($"[readme] readings: {sent} sent, {stored} stored");
    }

    private async Task<bool> ApiAnswersAsync(ReadmeFlow flow)
    {
        try
        {
            using var response = await _http.GetAsync($"{flow.Api}/api/stats", TestContext.Current.CancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"--id gw-(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex GatewayNumber();

    [GeneratedRegex(@"^export ([A-Z_][A-Z0-9_]*)=", RegexOptions.CultureInvariant)]
    private static partial Regex ExportName();

    [GeneratedRegex(@"\bpaid\s+(\d+)\s+to", RegexOptions.CultureInvariant)]
    private static partial Regex Paid();

    [GeneratedRegex(@"entries checked\s+(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex EntriesChecked();

    [GeneratedRegex(" {2,}")]
    private static partial Regex ColumnGap();
}
