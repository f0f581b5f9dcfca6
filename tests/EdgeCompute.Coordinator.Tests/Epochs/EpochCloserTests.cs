using System.Security.Cryptography;
using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Domain.Epochs.Rewards;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;
using EdgeCompute.Protocol.Security;
using Microsoft.Extensions.Time.Testing;
using static EdgeCompute.Coordinator.Tests.Epochs.EpochFixtures;

namespace EdgeCompute.Coordinator.Tests.Epochs;

public sealed class EpochCloserTests : IDisposable
{
    private readonly ECDsa _key = P256Keys.Generate();
    private readonly FakeTimeProvider _time = new(Genesis.AddMinutes(30));
    private readonly EpochCloser _closer;
    private readonly EpochClock _clock;

    public EpochCloserTests()
    {
        _clock = new EpochClock(Policy(), _time);
        _closer = new EpochCloser(Policy(), _clock, _key);
    }

    public void Dispose() => _key.Dispose();

    [Fact]
    public void Epoch_that_has_not_ended_is_not_closed()
    {
        var result = _closer.Close(_clock.Current, Inputs([Work("A", 1)]), null);

        Assert.Equal(EpochCloseReason.EpochNotOver, result.Reason);
        Assert.Null(result.Statement);
        Assert.Null(result.Plan);
    }

    [Fact]
    public void Close_twice_returns_the_same_statement_and_pays_once()
    {
        var balances = new Dictionary<string, long>();
        EpochStatement? stored = null;
        _time.Advance(TimeSpan.FromMinutes(30));

        for (var attempt = 0; attempt < 2; attempt++)
        {
            // the second attempt sees more credits (late arrivals): the closed epoch must not change
            var inputs = Inputs([Work("A", 3), Work("B", 1), .. attempt == 0 ? Array.Empty<WorkCredit>() : [Work("C", 100)]]);
            var result = _closer.Close(Epoch0, inputs, stored);
            Assert.True(result.IsSuccess, result.Detail);
            foreach (var payout in result.Plan?.Payouts ?? [])
            {
                balances[payout.Owner] = balances.GetValueOrDefault(payout.Owner) + payout.Amount;
            }

            if (attempt == 1)
            {
                Assert.Equal(EpochCloseReason.AlreadyClosed, result.Reason);
                Assert.Same(stored, result.Statement);
                Assert.Null(result.Plan);
            }

            stored ??= result.Statement;
        }

        Assert.Equal(new Dictionary<string, long> { ["A"] = 750_000, ["B"] = 250_000 }, balances);
        Assert.True(EpochStatementVerifier.Verify(stored!, _key).IsSuccess);
    }

    [Fact]
    public void Stored_statement_of_another_epoch_is_refused()
    {
        _time.Advance(TimeSpan.FromHours(2));
        var first = _closer.Close(Epoch0, Inputs([Work("A", 1)]), null);

        var result = _closer.Close(_clock.Window(1), Inputs(), first.Statement);

        Assert.Equal(EpochCloseReason.StatementOfAnotherEpoch, result.Reason);
        Assert.False(result.IsSuccess);
    }

    [Fact]
    public void Late_committed_credit_is_paid_in_the_next_epoch_not_the_closed_one()
    {
        _time.Advance(TimeSpan.FromHours(2));
        var credits = new[] { Work("A", 1, minute: 59), Work("B", 1, minute: 61) };

        var first = _closer.Close(_clock.Window(0), Inputs(credits), null);
        var second = _closer.Close(_clock.Window(1), Inputs(credits), null);

        Assert.Equal(["A"], first.Statement!.Payouts.Select(p => p.Owner));
        Assert.Equal(["B"], second.Statement!.Payouts.Select(p => p.Owner));
    }

    [Fact]
    public void Zero_credit_epoch_closes_with_the_whole_emission_carried()
    {
        _time.Advance(TimeSpan.FromHours(1));

        var result = _closer.Close(Epoch0, Inputs(), null);

        Assert.Equal(EpochCloseReason.Closed, result.Reason);
        Assert.Equal(1_000_000, result.Plan!.Carried);
        Assert.Equal(1_000_000, result.Statement!.Carried);
        Assert.Contains(result.Plan.Adjustments, a => a.Reason == AdjustmentReason.NoCredits);
    }

    [Fact]
    public void Window_not_matching_the_policy_is_a_contract_error()
    {
        _time.Advance(TimeSpan.FromHours(2));

        Assert.Throws<ArgumentException>(() => _closer.Close(Epoch0 with { End = Genesis.AddMinutes(30) }, Inputs(), null));
    }
}
