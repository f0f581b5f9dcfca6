using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Coordinator.Tests.Ledger;
using Npgsql;

namespace EdgeCompute.Coordinator.Tests.WorkStore;

/// <summary>
/// The store contract against the PostgreSQL server in <c>EDGECOMPUTE_POSTGRES</c> (skipped when missing, failing under
/// <c>EDGECOMPUTE_REQUIRE_SERVICES=1</c>); each test gets its own schema, created by the store, and drops it afterwards.
/// </summary>
public sealed class PostgresWorkStoreTests : WorkStoreContract
{
    private readonly string _schema = $"work_test_{Guid.NewGuid():N}";
    private bool _opened;

    protected override async Task<IWorkStore> OpenStoreAsync()
    {
        var server = LedgerServices.RequirePostgres();
        _opened = true;
        return await PostgresWorkStore.OpenAsync(server, _schema, TestContext.Current.CancellationToken);
    }

    protected override async ValueTask DropAsync()
    {
        if (!_opened) return;
        await using var connection = new NpgsqlConnection(LedgerServices.RequirePostgres());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task WriteLegacySchemaAsync()
    {
        await using var connection = new NpgsqlConnection(LedgerServices.RequirePostgres());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand($"CREATE SCHEMA {_schema}; SET search_path TO {_schema}; {Legacy(WorkSchema.Postgres)}", connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        _opened = true;
    }

    [Fact]
    public async Task Replicas_opening_together_create_the_schema_once()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OpenStoreAsync()));
        try
        {
            Assert.True(await stores[1].InsertJobAsync(WorkFixtures.Job("job-1"), WorkFixtures.Tasks("job-1", 1), TestContext.Current.CancellationToken));
            Assert.NotNull(await stores[3].FindJobAsync("job-1", TestContext.Current.CancellationToken));
        }
        finally
        {
            foreach (var store in stores) await store.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("Edge")]
    [InlineData("1abc")]
    [InlineData("a;drop schema public")]
    public async Task Opening_refuses_a_schema_name_that_is_not_a_plain_identifier(string schema)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => PostgresWorkStore.OpenAsync("Host=127.0.0.1", schema, TestContext.Current.CancellationToken));
    }
}
