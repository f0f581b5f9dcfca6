using EdgeCompute.Coordinator.Storage.Ledger;
using Npgsql;

namespace EdgeCompute.Coordinator.Tests.Ledger;

/// <summary>
/// The epoch close and audit contract against the PostgreSQL server in <c>EDGECOMPUTE_POSTGRES</c>; each test gets its own schema
/// (random suffix, first on the search path) and drops it afterwards.
/// </summary>
public sealed class PostgresEpochCloseStoreTests : EpochCloseStoreContract
{
    private readonly string _schema = $"epoch_close_test_{Guid.NewGuid():N}";
    private string? _connectionString;

    protected override async Task<ILedgerStore> OpenStoreAsync(TimeProvider timeProvider)
    {
        if (_connectionString is null)
        {
            var server = LedgerServices.RequirePostgres();
            await using (var connection = new NpgsqlConnection(server))
            {
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                await using var command = new NpgsqlCommand($"CREATE SCHEMA {_schema}", connection);
                await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }
            _connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = _schema }.ToString();
        }
        return await PostgresLedgerStore.OpenAsync(_connectionString, timeProvider, TestContext.Current.CancellationToken);
    }

    protected override async Task ExecuteSqlAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    protected override async ValueTask DropAsync()
    {
        if (_connectionString is null) return;
        await using var connection = new NpgsqlConnection(LedgerServices.RequirePostgres());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
