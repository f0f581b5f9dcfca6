using EdgeCompute.Coordinator.Storage.Telemetry;

namespace EdgeCompute.Coordinator.Tests.TelemetryStore;

/// <summary>The store contract against a SQLite file in a temporary folder.</summary>
public sealed class SqliteTelemetryStoreTests : TelemetryStoreContract
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"edgecompute-telemetry-{Guid.NewGuid():N}.db");

    protected override async Task<ITelemetryStore> OpenStoreAsync() => await SqliteTelemetryStore.OpenAsync(_path, TestContext.Current.CancellationToken);

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_path};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    protected override ValueTask DropAsync()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
        return ValueTask.CompletedTask;
    }
}
