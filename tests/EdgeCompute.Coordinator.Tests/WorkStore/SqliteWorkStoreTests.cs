using EdgeCompute.Coordinator.Storage.Work;

namespace EdgeCompute.Coordinator.Tests.WorkStore;

/// <summary>The store contract against a SQLite file in a temporary folder (a second store on the file is a second replica).</summary>
public sealed class SqliteWorkStoreTests : WorkStoreContract
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"edgecompute-work-{Guid.NewGuid():N}.db");

    protected override async Task<IWorkStore> OpenStoreAsync() => await SqliteWorkStore.OpenAsync(_path, TestContext.Current.CancellationToken);

    protected override ValueTask DropAsync()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
        return ValueTask.CompletedTask;
    }

    protected override async Task WriteLegacySchemaAsync()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_path}");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Legacy(WorkSchema.Sqlite);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Opening_needs_a_path()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => SqliteWorkStore.OpenAsync("", TestContext.Current.CancellationToken));
    }
}
