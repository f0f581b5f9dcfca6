using System.Security.Cryptography;
using EdgeCompute.Coordinator.Domain.Epochs.Rewards;
using EdgeCompute.Coordinator.Domain.Epochs.Settlement;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Storage.Ledger;
using static EdgeCompute.Coordinator.Tests.Epochs.EpochFixtures;

namespace EdgeCompute.Coordinator.Tests.Ledger;

/// <summary>A small money cycle and an epoch-0 close on top of it, shared by the statement and audit store tests.</summary>
internal static class EpochCloseFixtures
{
    public static readonly AccountId Submitter = AccountId.Owner("submitter");

    /// <summary>Deposit 10,000 to the submitter, escrow 3,000 for job-1 and settle it: three entries, 3,000 in system:fees.</summary>
    public static async Task FundAsync(ILedgerStore store, bool settle = true)
    {
        List<LedgerTransfer> steps = [Deposits.Credit(Deposits.KeyFor("wire-1"), Submitter, 10_000, 0), JobFunds.Escrow("job-1", Submitter, 3_000, 0)];
        if (settle) steps.Add(JobFunds.Settle("job-1", 3_000, 0));
        foreach (var step in steps) Assert.True((await store.AppendAsync([step], cancellationToken: TestContext.Current.CancellationToken)).IsSuccess, step.IdempotencyKey);
    }

    /// <summary>Epoch 0's plan: A 3 units, B 1 unit, job-1's 3,000 fee in the pot.</summary>
    public static PayoutPlan Plan(long unitsOfB = 1) => new RewardCalculator(Policy()).Calculate(Epoch0,
        Inputs([Work("A", 3), Work("B", unitsOfB)], fees: [new VerifiedJobFee("job-1", 3_000, Genesis.AddMinutes(20))]));

    /// <summary>The signed statement of <paramref name="plan"/> pinning the store's current head.</summary>
    public static async Task<EpochStatement> SignAsync(ILedgerStore store, PayoutPlan plan, ECDsa key)
    {
        var head = await store.ReadHeadAsync(TestContext.Current.CancellationToken);
        return EpochStatementSigner.Sign(Epoch0, plan, LedgerChainHead.Create(head.Sequence, head.Hash.Bytes), key);
    }

    /// <summary>Funds the ledger and closes epoch 0.</summary>
    public static async Task<EpochStatement> CloseEpoch0Async(ILedgerStore store, ECDsa key)
    {
        await FundAsync(store);
        var plan = Plan();
        var statement = await SignAsync(store, plan, key);
        var booking = await store.CloseEpochAsync(statement, EpochPayoutTransfers.Build(plan), TestContext.Current.CancellationToken);
        Assert.Equal(EpochCloseBookingReason.Booked, booking.Reason);
        return statement;
    }

    public static byte[] Bytes(EpochStatement statement) => EpochStatementStorageEncoding.Encode(statement);
}
