using System.Text.Json;
using EdgeCompute.Cli.Tests.Support;
using EdgeCompute.Coordinator.Storage.Ledger;
using Microsoft.Data.Sqlite;

namespace EdgeCompute.Cli.Tests.Ledger;

public sealed class LedgerCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Data => _folder["data"];

    private string LedgerFile => Path.Combine(Data, "ledger.db");

    [Fact]
    public async Task A_clean_ledger_verifies_with_its_counts_head_and_totals()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder, devices: 2, gateways: 1, "--owners", "2");
        await FillAsync();

        var outcome = await CliRunner.RunAsync("ledger", "verify", "--fleet", fleet, "--data", Data);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("Ledger verified", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("entries checked     4", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("statements checked  0", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("emitted 5000000 = owners 4500000 + escrow 0 + fees 500000 (conserved)", outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_verdict_is_one_object_with_the_head()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder, devices: 2, gateways: 1);
        await FillAsync();

        var outcome = await CliRunner.RunAsync("ledger", "verify", "--fleet", fleet, "--data", Data, "--json");

        Assert.Equal(0, outcome.ExitCode);
        using var verdict = JsonDocument.Parse(outcome.LastLine);
        Assert.True(verdict.RootElement.GetProperty("verified").GetBoolean());
        Assert.Equal(4, verdict.RootElement.GetProperty("headSequence").GetInt64());
        Assert.Equal(64, verdict.RootElement.GetProperty("headHash").GetString()!.Length);
    }

    [Fact]
    public async Task A_row_changed_in_sqlite_fails_verification_naming_the_sequence()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder, devices: 2, gateways: 1);
        await FillAsync();
        await using (var connection = new SqliteConnection($"Data Source={LedgerFile};Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE ledger_entries SET memo = 'paid twice' WHERE seq = 2";
            Assert.Equal(1, await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        }

        var outcome = await CliRunner.RunAsync("ledger", "verify", "--fleet", fleet, "--data", Data);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Ledger NOT verified", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("sequence            2", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("LedgerInvalid/HashMismatch at sequence 2", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_ledger_exits_78_and_creates_nothing()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder, devices: 2, gateways: 1);
        Directory.CreateDirectory(Data);

        var outcome = await CliRunner.RunAsync("ledger", "verify", "--fleet", fleet, "--data", Data);

        Assert.Equal(78, outcome.ExitCode);
        Assert.Contains("--data", outcome.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(LedgerFile));
    }

    [Fact]
    public async Task A_missing_fleet_exits_78_naming_fleet()
    {
        await FillAsync();

        var outcome = await CliRunner.RunAsync("ledger", "verify", "--fleet", _folder["nowhere"], "--data", Data);

        Assert.Equal(78, outcome.ExitCode);
        Assert.Contains("--fleet", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_and_postgres_together_are_a_usage_error()
    {
        var outcome = await CliRunner.RunAsync("ledger", "balances", "--data", Data, "--postgres", "Host=127.0.0.1");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--postgres", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Balances_lists_every_account_sorted()
    {
        await FillAsync();

        var outcome = await CliRunner.RunAsync("ledger", "balances", "--data", Data, "--json");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("{\"owner:owner-01\":2500000,\"owner:owner-02\":2000000,\"system:emission\":-5000000,\"system:escrow:job-1\":0,\"system:fees\":500000}", outcome.LastLine);
    }

    [Fact]
    public async Task A_deposit_is_booked_once_per_reference_and_the_ledger_still_verifies()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder, devices: 2, gateways: 1, "--owners", "2");
        await FillAsync();

        var first = await CliRunner.RunAsync("ledger", "deposit", "--fleet", fleet, "--data", Data, "--owner", "owner-02", "--amount", "750000", "--reference", "grant-7");
        var again = await CliRunner.RunAsync("ledger", "deposit", "--fleet", fleet, "--data", Data, "--owner", "owner-02", "--amount", "750000", "--reference", "grant-7");
        var conflict = await CliRunner.RunAsync("ledger", "deposit", "--fleet", fleet, "--data", Data, "--owner", "owner-01", "--amount", "750000", "--reference", "grant-7");
        var balances = await CliRunner.RunAsync("ledger", "balances", "--data", Data);
        var verify = await CliRunner.RunAsync("ledger", "verify", "--fleet", fleet, "--data", Data);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("entry 5", first.Out, StringComparison.Ordinal);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("Already booked", again.Out, StringComparison.Ordinal);
        Assert.Equal(1, conflict.ExitCode);
        Assert.Contains("--reference grant-7", conflict.Error, StringComparison.Ordinal);
        Assert.Matches(@"owner:owner-02\s+2750000", balances.Out);
        Assert.Equal(0, verify.ExitCode);
    }

    [Fact]
    public async Task A_deposit_to_an_unknown_owner_is_refused_naming_owner()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder, devices: 2, gateways: 1);
        await FillAsync();

        var outcome = await CliRunner.RunAsync("ledger", "deposit", "--fleet", fleet, "--data", Data, "--owner", "owner-77", "--amount", "1", "--reference", "x");

        Assert.Equal(78, outcome.ExitCode);
        Assert.Contains("--owner owner-77", outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--amount", "0", "ref")]
    [InlineData("--reference", "5", " padded")]
    public async Task A_bad_deposit_is_a_usage_error_naming_the_option(string option, string amount, string reference)
    {
        var outcome = await CliRunner.RunAsync("ledger", "deposit", "--fleet", _folder["f"], "--data", Data, "--owner", "owner-01", "--amount", amount, "--reference", reference);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(option, outcome.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private async Task FillAsync()
    {
        Directory.CreateDirectory(Data);
        var store = await SqliteLedgerStore.OpenAsync(LedgerFile, TimeProvider.System, TestContext.Current.CancellationToken);
        await using (store)
        {
            await TestLedger.FillAsync(store);
        }
    }
}
