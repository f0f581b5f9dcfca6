using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Coordinator.Tests.Ledger;
using Npgsql;

namespace EdgeCompute.Coordinator.Tests.TelemetryStore;

/// <summary>
/// The store contract against the PostgreSQL server in <c>EDGECOMPUTE_POSTGRES</c> (skipped when missing, failing under
/// <c>EDGECOMPUTE_REQUIRE_SERVICES=1</c>); each test gets its own schema and drops it afterwards.
/// </summary>
public sealed class PostgresTelemetryStoreTests : TelemetryStoreContract
{
    private readonly string _schema = $"telemetry_test_{Guid.NewGuid():N}";
    private string? _connectionString;

    protected override async Task<ITelemetryStore> OpenStoreAsync() =>
        await PostgresTelemetryStore.OpenAsync(await SchemaAsync(), TestContext.Current.CancellationToken);

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(await SchemaAsync());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Creates this test's schema once; returns the connection string whose search path is it.</summary>
    private async Task<string> SchemaAsync()
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
        return _connectionString;
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
