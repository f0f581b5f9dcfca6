using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Protocol.Batches;
using Microsoft.Data.Sqlite;

namespace EdgeCompute.Gateway.Tests.Dispatch;

public sealed class ReturnedTaskOutboxTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ec-gw-returned-").FullName;

    [Fact]
    public async Task A_returned_task_goes_upstream_from_an_outbox_created_before_returned_tasks_existed()
    {
        var path = Path.Combine(_folder, "outbox.db");
        CreateOldOutbox(path);
        var returned = new TaskReturnedItem("job-9-t4", 3, "dev-0007", TaskReturnReason.DeadlinePassed);

        await using (var outbox = OutboxStore.Open(path, new OutboxOptions()))
        {
            Assert.Equal(AppendOutcome.Stored, (await outbox.AppendTaskReturnedAsync(returned, TestContext.Current.CancellationToken)).Outcome);
        }

        await using var reopened = OutboxStore.Open(path, new OutboxOptions());
        List<BatchItem> items = [];
        await reopened.CutBatchAsync(1 << 20, 100, allowEmpty: false, (_, _, batch) => { items.AddRange(batch); return [0]; }, TestContext.Current.CancellationToken);
        Assert.Equal(returned, Assert.Single(items));
    }

    [Fact]
    public async Task Refuses_a_returned_task_with_an_invalid_id_before_it_can_spoil_a_batch()
    {
        await using var outbox = OutboxStore.Open(Path.Combine(_folder, "outbox.db"), new OutboxOptions());

        await Assert.ThrowsAnyAsync<ArgumentException>(() => outbox.AppendTaskReturnedAsync(new TaskReturnedItem("Job 1", 0, "dev-0001", TaskReturnReason.DeviceRefused), TestContext.Current.CancellationToken));

        Assert.Equal(0, outbox.PendingItems);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }
    }

    /// <summary>The items table as the first outbox release created it (no task columns).</summary>
    private static void CreateOldOutbox(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
            CREATE TABLE items (id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, device TEXT NOT NULL, boot INTEGER, seq INTEGER,
                last_seq INTEGER, frame_type INTEGER, online INTEGER, time_ms INTEGER, readings INTEGER NOT NULL DEFAULT 0, hash BLOB,
                payload BLOB, size INTEGER NOT NULL, created_ms INTEGER NOT NULL, batch_boot INTEGER, batch_seq INTEGER);
            """;
        command.ExecuteNonQuery();
    }
}
