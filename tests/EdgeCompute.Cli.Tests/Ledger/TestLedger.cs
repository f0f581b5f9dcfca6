using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Storage.Ledger;

namespace EdgeCompute.Cli.Tests.Ledger;

/// <summary>Books a small, valid history through a store: two deposits, a job's escrow and its settled fee.</summary>
internal static class TestLedger
{
    public static async Task FillAsync(ILedgerStore store)
    {
        var booked = await store.AppendAsync(
        [
            Deposits.Credit(Deposits.KeyFor("wire-1"), AccountId.Owner("owner-01"), 3_000_000, 1),
            Deposits.Credit(Deposits.KeyFor("wire-2"), AccountId.Owner("owner-02"), 2_000_000, 1),
            JobFunds.Escrow("job-1", AccountId.Owner("owner-01"), 500_000, 1),
            JobFunds.Settle("job-1", 500_000, 2),
        ], cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(booked.IsSuccess, booked.ReasonCode.ToString());
    }
}
