using EdgeCompute.Cli.Tests.Support;
using EdgeCompute.Coordinator.Storage.Ledger;
using Npgsql;

namespace EdgeCompute.Cli.Tests.Ledger;

/// <summary><c>ledger verify --postgres</c> against the server in <c>EDGECOMPUTE_POSTGRES</c>, each test in its own schema (first on the search path), dropped afterwards.</summary>
public sealed class PostgresLedgerVerifyTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly string _schema = $"cli_ledger_{Guid.NewGuid():N}";
    private string? _connectionString;

    [Fact]
    public async Task A_clean_postgres_ledger_verifies_and_a_changed_row_fails_naming_the_sequence()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder, devices: 2, gateways: 1, "--owners", "2");
        var connectionString = await CreateSchemaAsync();
        var store = await PostgresLedgerStore.OpenAsync(connectionString, TimeProvider.System, TestContext.Current.CancellationToken);
        await using (store)
        {
            await TestLedger.FillAsync(store);
        }

        var clean = await CliRunner.RunAsync("ledger", "verify", "--fleet", fleet, "--postgres", connectionString);
        await ExecuteAsync(connectionString, "UPDATE ledger_postings SET amount = amount + 1 WHERE seq = 3 AND amount > 0");
        var tampered = await CliRunner.RunAsync("ledger", "verify", "--fleet", fleet, "--postgres", connectionString);

        Assert.Equal(0, clean.ExitCode);
        Assert.Contains("entries checked     4", clean.Out, StringComparison.Ordinal);
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains("sequence 3", tampered.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_without_a_ledger_exits_78_and_creates_no_tables()
    {
        var fleet = await TestFleet.ProvisionAsync(_folder, devices: 2, gateways: 1);
        var connectionString = await CreateSchemaAsync();

        var outcome = await CliRunner.RunAsync("ledger", "verify", "--fleet", fleet, "--postgres", connectionString);

        Assert.Equal(78, outcome.ExitCode);
        Assert.Contains("--postgres", outcome.Error, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT to_regclass('ledger_entries') IS NULL", connection);
        Assert.Equal(true, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_connectionString is not null)
        {
            await ExecuteAsync(LedgerServices.RequirePostgres(), $"DROP SCHEMA IF EXISTS {_schema} CASCADE");
        }

        _folder.Dispose();
    }

    private async Task<string> CreateSchemaAsync()
    {
        var server = LedgerServices.RequirePostgres();
        await ExecuteAsync(server, $"CREATE SCHEMA {_schema}");
        _connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = _schema }.ToString();
        return _connectionString;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
