using EdgeCompute.Coordinator.Storage.Blobs;
using EdgeCompute.Coordinator.Storage.Work;

namespace EdgeCompute.Coordinator.Tests.Blobs;

/// <summary>The blob store contract on SQLite with the bytes as files in a folder.</summary>
public sealed class SqliteBlobStoreTests : BlobStoreContract
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgecompute-blobs-").FullName;

    protected override async Task<(IBlobStore Blobs, IWorkStore Work)> OpenStoresAsync() =>
        (await SqliteBlobStore.OpenAsync(Path.Combine(_folder, "blobs.db"), Path.Combine(_folder, "blobs"), Clock, TestContext.Current.CancellationToken),
            await SqliteWorkStore.OpenAsync(Path.Combine(_folder, "work.db"), TestContext.Current.CancellationToken));

    protected override ValueTask DropAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Keeps_each_blob_as_one_file_named_by_its_hash_and_no_temporary_file()
    {
        await using var store = await SqliteBlobStore.OpenAsync(Path.Combine(_folder, "second.db"), Path.Combine(_folder, "second"), Clock, TestContext.Current.CancellationToken);
        var bytes = new byte[70_000];
        new Random(20).NextBytes(bytes);
        var hash = EdgeCompute.Coordinator.Domain.Blobs.BlobHash.Of(bytes);

        await store.PutAsync("alice", hash, new MemoryStream(bytes), 1L << 30, TestContext.Current.CancellationToken);

        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(_folder, "second", hash[..2], hash), TestContext.Current.CancellationToken));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_folder, "second", "staging")));
    }
}
