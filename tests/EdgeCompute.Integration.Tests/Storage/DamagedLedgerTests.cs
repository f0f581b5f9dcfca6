using System.Text;
using System.Text.Json;
using EdgeCompute.Integration.Tests.Harness;
using Microsoft.Data.Sqlite;

namespace EdgeCompute.Integration.Tests.Storage;

/// <summary>
/// A real <c>ledger.db</c> (made by the coordinator, with deposits booked by <c>edgecompute ledger deposit</c>) with bytes
/// flipped in a copy, as a failing disk or a careless hand would: <c>ledger verify</c> runs SQLite's own integrity check and
/// fails naming the damage (a row missing from the unique index on idempotency keys passes a row-by-row read), the
/// coordinator refuses to start on it with exit 78 naming the file, and any other damage is one line with its exit code.
/// </summary>
[Collection(FaultTestCollection.Name)]
public sealed class DamagedLedgerTests : IAsyncLifetime
{
    private const string Reference = "integrity-reference-0001";
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(90);
    private readonly WorkFolder _work = new();
    private string _fleet = "";
    private string _ledger = "";

    public async ValueTask InitializeAsync()
    {
        _fleet = _work["fleet"];
        await RunOkAsync("provision fleet", ["provision", "fleet", "--devices", "2", "--gateways", "1", "--owners", "2", "--out", _fleet]);
        var data = _work["data"];

        // the coordinator makes the ledger on its first run; deposits are booked straight in the store afterwards
        var http = FreePort.Next();
        await using (var coordinator = EdgeComputeProcess.Start("coordinator", ["coordinator", "--fleet", _fleet, "--data", data,
            "--listen", $"mqtt://127.0.0.1:{FreePort.Next()}", "--http", $"http://127.0.0.1:{http}"]))
        {
            // Its start line comes once everything has started (a SIGTERM in the first instant after the port opens may
            // still end it with 143, the signal's own code, instead of 0).
            await Poll.UntilAsync(async () => coordinator.HasExited || (await FreePort.IsOpenAsync(http) && coordinator.Out.Any(l => l.Contains("Ctrl+C stops it", StringComparison.Ordinal))),
                "the coordinator's start line", TimeSpan.FromSeconds(90), () => coordinator.Tail(10));
            Assert.False(coordinator.HasExited, coordinator.Tail());
            coordinator.Terminate();
            Assert.Equal(0, await coordinator.WaitForExitAsync(ExitTimeout));
        }

        for (var i = 1; i <= 4; i++)
        {
            await RunOkAsync("ledger deposit", ["ledger", "deposit", "--fleet", _fleet, "--data", data, "--owner", $"owner-0{1 + (i % 2)}", "--amount", $"{1000 * i}",
                "--reference", i == 1 ? Reference : $"integrity-reference-000{i}"]);
        }

        _ledger = Path.Combine(data, "ledger.db");
        await using (var connection = new SqliteConnection($"Data Source={_ledger};Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)"; // every page in the main file, where the flips go
            await checkpoint.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await RunOkAsync("ledger verify", ["ledger", "verify", "--fleet", _fleet, "--data", data]);
    }

    [Fact]
    public async Task Verify_fails_naming_a_row_missing_from_the_unique_index_on_idempotency_keys()
    {
        var data = await DamagedCopyAsync("index-key", (bytes, pages) => FlipAfter(bytes, pages.Page("ledger_entries_key"), pages.Size, Reference));

        await using var verify = await RunAsync("ledger verify", ["ledger", "verify", "--fleet", _fleet, "--data", data, "--json"]);

        OneLineError.Assert(verify, 1, Path.Combine(data, "ledger.db"), "missing from index ledger_entries_key");
        using var verdict = JsonDocument.Parse(verify.Out[^1]);
        Assert.False(verdict.RootElement.GetProperty("verified").GetBoolean());
        Assert.Equal("StoreDamaged", verdict.RootElement.GetProperty("code").GetString());
        Assert.Equal("PRAGMA integrity_check", verdict.RootElement.GetProperty("integrity").GetProperty("method").GetString());
    }

    [Fact]
    public async Task The_coordinator_refuses_to_start_on_a_damaged_ledger_with_exit_78_naming_the_file()
    {
        var data = await DamagedCopyAsync("index-key", (bytes, pages) => FlipAfter(bytes, pages.Page("ledger_entries_key"), pages.Size, Reference));

        await using var coordinator = await RunAsync("coordinator", ["coordinator", "--fleet", _fleet, "--data", data,
            "--listen", $"mqtt://127.0.0.1:{FreePort.Next()}", "--http", $"http://127.0.0.1:{FreePort.Next()}"]);

        OneLineError.Assert(coordinator, 78, "--data", Path.Combine(data, "ledger.db"), "missing from index ledger_entries_key");
    }

    [Theory]
    [InlineData("index-page-header", "verify", 1, "DAMAGED")]
    [InlineData("file-header", "verify", 78, "not a database")]
    [InlineData("balances-page-header", "balances", 78, "damaged")]
    public async Task Other_damage_is_one_line_naming_the_file_with_its_exit_code(string damage, string command, int exitCode, string said)
    {
        var data = await DamagedCopyAsync(damage, (bytes, pages) =>
        {
            switch (damage)
            {
                case "index-page-header": Flip(bytes, (pages.Page("ledger_entries_key") - 1) * pages.Size, 8); break;
                case "file-header": Flip(bytes, 0, 8); break; // "SQLite f"
                default: Flip(bytes, (pages.Page("ledger_balances") - 1) * pages.Size, 8); break;
            }
        });
        string[] args = command == "verify" ? ["ledger", "verify", "--fleet", _fleet, "--data", data] : ["ledger", "balances", "--data", data];

        await using var process = await RunAsync($"ledger {command}", args);

        var line = OneLineError.Assert(process, exitCode, "ledger.db");
        Assert.True(line.Contains(said, StringComparison.Ordinal) || process.Out.Any(l => l.Contains(said, StringComparison.Ordinal)), $"\"{said}\" not said:\n{process.Tail()}");
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _work.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<string> DamagedCopyAsync(string name, Action<byte[], PageMap> damage)
    {
        var pages = await PageMap.ReadAsync(_ledger);
        var folder = _work[$"damaged-{name}"];
        Directory.CreateDirectory(folder);
        var bytes = await File.ReadAllBytesAsync(_ledger, TestContext.Current.CancellationToken);
        damage(bytes, pages);
        await File.WriteAllBytesAsync(Path.Combine(folder, "ledger.db"), bytes, TestContext.Current.CancellationToken);
        TestLog.Line($"[damage] {name}: {folder}/ledger.db ({bytes.Length} bytes, pages of {pages.Size}; ledger_entries_key at page {pages.Page("ledger_entries_key")})");
        return folder;
    }

    /// <summary>Flips the 8 bytes after <paramref name="text"/> (a key stored in the index), inside the index's page only.</summary>
    private static void FlipAfter(byte[] bytes, long page, int pageSize, string text)
    {
        var start = (int)((page - 1) * pageSize);
        var at = bytes.AsSpan(start, pageSize).IndexOf(Encoding.UTF8.GetBytes(text));
        Assert.True(at >= 0, $"\"{text}\" is not in page {page}");
        Flip(bytes, start + at + 8, 8); // inside the key, past "integrit"
    }

    private static void Flip(byte[] bytes, long offset, int count)
    {
        for (var i = 0; i < count; i++)
        {
            bytes[offset + i] ^= 0xFF;
        }
    }

    private static async Task RunOkAsync(string name, string[] args)
    {
        await using var process = EdgeComputeProcess.Start(name, args);
        Assert.True(await process.WaitForExitAsync(ExitTimeout) == 0, process.Tail());
    }

    private static async Task<EdgeComputeProcess> RunAsync(string name, string[] args)
    {
        var process = EdgeComputeProcess.Start(name, args);
        await process.WaitForExitAsync(ExitTimeout);
        return process;
    }

    /// <summary>The page size and the root page of each table and index, read from the schema.</summary>
    private sealed record PageMap(int Size, IReadOnlyDictionary<string, long> Roots)
    {
        public long Page(string name) => Roots[name];

        public static async Task<PageMap> ReadAsync(string file)
        {
            await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var size = connection.CreateCommand();
            size.CommandText = "PRAGMA page_size";
            var pageSize = Convert.ToInt32(await size.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            await using var schema = connection.CreateCommand();
            schema.CommandText = "SELECT name, rootpage FROM sqlite_master WHERE rootpage > 0";
            var roots = new Dictionary<string, long>(StringComparer.Ordinal);
            await using var reader = await schema.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                roots[reader.GetString(0)] = reader.GetInt64(1);
            }

            return new PageMap(pageSize, roots);
        }
    }
}
