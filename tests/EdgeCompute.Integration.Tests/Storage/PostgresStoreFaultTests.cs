using System.Net;
using System.Text;
using System.Text.Json;
using EdgeCompute.Integration.Tests.Harness;
using Npgsql;

namespace EdgeCompute.Integration.Tests.Storage;

/// <summary>
/// PostgreSQL faults on a private cluster of the test (never the shared one): while the database is down the API answers
/// 503 with a problem type and <c>Retry-After</c> and recovers by itself; <c>ledger verify</c> runs what the server offers
/// (amcheck's <c>bt_index_check</c> once the extension is installed, and says so when it is not) and fails naming an index
/// whose file was damaged while the server was stopped.
/// </summary>
[Collection(FaultTestCollection.Name)]
public sealed class PostgresStoreFaultTests : IAsyncLifetime
{
    private const string Reference = "pg-integrity-reference-0001";
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(90);
    private readonly WorkFolder _work = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private PrivatePostgres _postgres = null!;
    private string _fleet = "";
    private string _database = "";

    public async ValueTask InitializeAsync()
    {
        _postgres = await PrivatePostgres.StartAsync();
        await _postgres.CreateDatabaseAsync("edgecompute");
        _database = _postgres.ConnectionString("edgecompute");
        _fleet = _work["fleet"];
        await using var provision = EdgeComputeProcess.Start("provision fleet", ["provision", "fleet", "--devices", "2", "--gateways", "1", "--owners", "2", "--out", _fleet]);
        Assert.True(await provision.WaitForExitAsync(ExitTimeout) == 0, provision.Tail());
    }

    [Fact]
    public async Task The_api_answers_503_with_retry_after_while_the_database_is_down_and_recovers_by_itself()
    {
        await using var coordinator = await StartCoordinatorAsync(out var api);

        await _postgres.StopAsync();
        HttpResponseMessage? unavailable = null;
        var answers = new List<HttpStatusCode>();
        await Poll.UntilAsync(async () =>
        {
            var response = await _http.GetAsync($"{api}/api/stats", TestContext.Current.CancellationToken);
            answers.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                unavailable = response;
                return true;
            }

            response.Dispose();
            return false;
        }, "a 503 from /api/stats while PostgreSQL is down", TimeSpan.FromSeconds(60), () => coordinator.Tail(10));

        using (unavailable)
        {
            Assert.Equal(TimeSpan.FromSeconds(5), unavailable!.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", unavailable.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await unavailable.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal("urn:edgecompute:problem:store-unavailable", problem.RootElement.GetProperty("type").GetString());
            Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
        }

        using (var jobs = await _http.GetAsync($"{api}/api/jobs", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, jobs.StatusCode);
        }

        await _postgres.StartAgainAsync();
        await Poll.UntilAsync(async () =>
        {
            using var response = await _http.GetAsync($"{api}/api/stats", TestContext.Current.CancellationToken);
            answers.Add(response.StatusCode);
            return response.StatusCode == HttpStatusCode.OK;
        }, "/api/stats answering 200 again once PostgreSQL is back", TimeSpan.FromSeconds(60), () => coordinator.Tail(10));

        Assert.DoesNotContain(HttpStatusCode.InternalServerError, answers);
        Assert.False(coordinator.HasExited, coordinator.Tail());
        OneLineError.AssertNoStackTrace(coordinator);
        TestLog.Line($"[api] answers during the outage and after: {string.Join(", ", answers.GroupBy(a => a).Select(g => $"{(int)g.Key} × {g.Count()}"))}");
    }

    [Fact]
    public async Task Verify_uses_amcheck_when_installed_and_fails_naming_an_index_damaged_on_disk()
    {
        await using (var coordinator = await StartCoordinatorAsync(out _))
        {
            coordinator.Terminate();
            Assert.Equal(0, await coordinator.WaitForExitAsync(ExitTimeout));
        }

        for (var i = 1; i <= 3; i++)
        {
            await using var deposit = EdgeComputeProcess.Start("ledger deposit", ["ledger", "deposit", "--fleet", _fleet, "--postgres", _database, "--owner", "owner-01",
                "--amount", $"{1000 * i}", "--reference", i == 1 ? Reference : $"pg-integrity-reference-000{i}"]);
            Assert.True(await deposit.WaitForExitAsync(ExitTimeout) == 0, deposit.Tail());
        }

        // without the extension: verified, and the verdict says what was not checked
        var (code, verdict) = await VerifyAsync();
        Assert.Equal(0, code);
        Assert.Contains("amcheck not installed", verdict.GetProperty("integrity").GetProperty("method").GetString(), StringComparison.Ordinal);
        Assert.Contains("CREATE EXTENSION amcheck", verdict.GetProperty("integrity").GetProperty("note").GetString(), StringComparison.Ordinal);

        await ExecuteAsync("CREATE EXTENSION amcheck");
        (code, verdict) = await VerifyAsync();
        Assert.Equal(0, code);
        Assert.Matches(@"^amcheck bt_index_check \(heapallindexed\) on [4-9] indexes$", verdict.GetProperty("integrity").GetProperty("method").GetString());
        Assert.Equal(3, verdict.GetProperty("entriesChecked").GetInt64());

        // flip bytes of a key in the index's file while the server is down, as a failing disk would
        var file = Path.Combine(_postgres.DataDirectory, await ScalarAsync("SELECT pg_relation_filepath('ledger_entries_key')"));
        await _postgres.StopAsync();
        var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        var at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Reference));
        Assert.True(at >= 0, $"{Reference} is not in {file}");
        for (var i = 0; i < 8; i++)
        {
            bytes[at + 11 + i] ^= 0xFF;
        }

        await File.WriteAllBytesAsync(file, bytes, TestContext.Current.CancellationToken);
        await _postgres.StartAgainAsync();

        await using var verify = EdgeComputeProcess.Start("ledger verify", ["ledger", "verify", "--fleet", _fleet, "--postgres", _database, "--json"]);
        await verify.WaitForExitAsync(ExitTimeout);
        OneLineError.Assert(verify, 1, "ledger_entries_key", "amcheck");
        using var damaged = JsonDocument.Parse(verify.Out[^1]);
        Assert.Equal("StoreDamaged", damaged.RootElement.GetProperty("code").GetString());
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        NpgsqlConnection.ClearAllPools();
        await _postgres.DisposeAsync();
        _work.Dispose();
    }

    private Task<EdgeComputeProcess> StartCoordinatorAsync(out string api)
    {
        var port = FreePort.Next();
        api = $"http://127.0.0.1:{port}";
        return StartAsync(port);
    }

    private async Task<EdgeComputeProcess> StartAsync(int port)
    {
        var coordinator = EdgeComputeProcess.Start("coordinator", ["coordinator", "--fleet", _fleet, "--postgres", _database,
            "--listen", $"mqtt://127.0.0.1:{FreePort.Next()}", "--http", $"http://127.0.0.1:{port}", "--epoch-length", "1h"]);
        await Poll.UntilAsync(async () =>
        {
            if (coordinator.HasExited)
            {
                return true;
            }

            try
            {
                using var response = await _http.GetAsync($"http://127.0.0.1:{port}/api/stats", TestContext.Current.CancellationToken);
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the coordinator's API", TimeSpan.FromSeconds(90), () => coordinator.Tail(10));
        Assert.False(coordinator.HasExited, coordinator.Tail());
        return coordinator;
    }

    private async Task<(int Code, JsonElement Verdict)> VerifyAsync()
    {
        await using var verify = EdgeComputeProcess.Start("ledger verify", ["ledger", "verify", "--fleet", _fleet, "--postgres", _database, "--json"]);
        var code = await verify.WaitForExitAsync(ExitTimeout);
        TestLog.Line($"[ledger verify] exit {code}: {verify.Out.LastOrDefault()}");
        using var document = JsonDocument.Parse(verify.Out[^1]);
        return (code, document.RootElement.Clone());
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private async Task<string> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
