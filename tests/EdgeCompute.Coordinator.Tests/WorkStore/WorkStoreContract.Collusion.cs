using EdgeCompute.Coordinator.Storage.Work;

namespace EdgeCompute.Coordinator.Tests.WorkStore;

/// <summary>The store contract: detected colluding pairs.</summary>
public abstract partial class WorkStoreContract
{
    [Fact]
    public async Task A_colluding_pair_is_stored_once_whichever_way_round_and_another_store_and_a_reopened_one_read_it()
    {
        var store = await OpenAsync();

        var first = await store.RecordColludingPairsAsync([new ColludingPairRecord("dev-z", "dev-b", "job-1.0", 1_000), new ColludingPairRecord("dev-a", "dev-c", "job-1.1", 1_100)], Ct);
        var again = await store.RecordColludingPairsAsync([new ColludingPairRecord("dev-b", "dev-z", "job-2.0", 2_000)], Ct);
        var replica = await OpenAsync();
        var seenByReplica = await replica.ReadColludingPairsAsync(Ct);
        await CloseAsync(store);
        var reopened = await OpenAsync();

        Assert.Equal((2, 0), (first, again));
        IReadOnlyList<ColludingPairRecord> expected = [new("dev-a", "dev-c", "job-1.1", 1_100), new("dev-b", "dev-z", "job-1.0", 1_000)]; // the first detection kept
        Assert.Equal(expected, seenByReplica);
        Assert.Equal(expected, await reopened.ReadColludingPairsAsync(Ct));
    }

    [Fact]
    public async Task A_pair_of_one_node_or_without_a_task_is_refused_before_any_sql()
    {
        var store = await OpenAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.RecordColludingPairsAsync([new ColludingPairRecord("dev-a", "dev-a", "job-1.0", 1)], Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.RecordColludingPairsAsync([new ColludingPairRecord("dev-a", "dev-b", "", 1)], Ct));
        Assert.Empty(await store.ReadColludingPairsAsync(Ct));
    }
}
