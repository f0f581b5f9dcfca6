using EdgeCompute.Coordinator.Storage.Blobs;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Coordinator.Tests.Ledger;
using Npgsql;

namespace EdgeCompute.Coordinator.Tests.Blobs;

/// <summary>
/// The blob store contract against the PostgreSQL server in <c>EDGECOMPUTE_POSTGRES</c> (skipped when missing, failing under
/// <c>EDGECOMPUTE_REQUIRE_SERVICES=1</c>): tables and bytes in a schema of this test's own, dropped afterwards.
/// </summary>
public sealed class PostgresBlobStoreTests : BlobStoreContract
{
    private readonly string _schema = $"blob_test_{Guid.NewGuid():N}";
    private readonly string _staging = Directory.CreateTempSubdirectory("edgecompute-blob-staging-").FullName;
    private bool _opened;

    protected override async Task<(IBlobStore Blobs, IWorkStore Work)> OpenStoresAsync()
    {
        var server = LedgerServices.RequirePostgres();
        _opened = true;
        return (await PostgresBlobStore.OpenAsync(server, _schema, _staging, Clock, TestContext.Current.CancellationToken),
            await PostgresWorkStore.OpenAsync(server, _schema, TestContext.Current.CancellationToken));
    }

    protected override async ValueTask DropAsync()
    {
        Directory.Delete(_staging, recursive: true);
        if (!_opened) return;
        await using var connection = new NpgsqlConnection(LedgerServices.RequirePostgres());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
