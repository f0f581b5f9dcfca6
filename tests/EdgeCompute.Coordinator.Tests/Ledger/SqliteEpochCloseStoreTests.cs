using EdgeCompute.Coordinator.Storage.Ledger;
using Microsoft.Data.Sqlite;

namespace EdgeCompute.Coordinator.Tests.Ledger;

/// <summary>The epoch close and audit contract against a SQLite file in a temporary folder.</summary>
public sealed class SqliteEpochCloseStoreTests : EpochCloseStoreContract
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"edgecompute-epoch-close-{Guid.NewGuid():N}.db");

    protected override async Task<ILedgerStore> OpenStoreAsync(TimeProvider timeProvider) =>
        await SqliteLedgerStore.OpenAsync(_path, timeProvider, TestContext.Current.CancellationToken);

    protected override async Task ExecuteSqlAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue("@" + name, value);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    protected override ValueTask DropAsync()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
        return ValueTask.CompletedTask;
    }
}
