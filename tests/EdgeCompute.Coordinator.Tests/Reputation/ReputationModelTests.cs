using System.Text.Json;
using EdgeCompute.Coordinator.Domain.Reputation;
using EdgeCompute.Coordinator.Domain.Verification;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Coordinator.Tests.Reputation;

public sealed class ReputationModelTests
{
    private static readonly ResultKey Key = new("task-1", 0, "dev-a");
    private static readonly VerificationOutcome Valid = new(Key, VerificationStatus.Valid, VerificationReasonCode.AgreedWithQuorum, 100);
    private static readonly VerificationOutcome Invalid = VerificationOutcome.Invalid(Key, VerificationReasonCode.OutvotedByQuorum);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly ReputationBook _book = new(new ReputationModel(new ReputationOptions { HalfLife = TimeSpan.FromDays(1) }));

    [Fact]
    public void Rises_with_valid_results()
    {
        var prior = _book.Score("dev-a", _clock.GetUtcNow());

        Record(Valid, 20);
        var after = _book.Score("dev-a", _clock.GetUtcNow());

        Assert.Equal(2.0 / 3, prior.Mean, 9);
        Assert.Equal(0, prior.Evidence);
        Assert.Equal(22.0 / 23, after.Mean, 9);
        Assert.True(after.LowerBound > prior.LowerBound);
        Assert.True(after.LowerBound < after.Mean);
    }

    [Fact]
    public void Drops_with_invalid_results_more_than_valid_ones_raise_it()
    {
        Record(Valid, 10);
        var before = _book.Score("dev-a", _clock.GetUtcNow()).Mean;

        Record(Invalid, 1);
        var after = _book.Score("dev-a", _clock.GetUtcNow());

        Assert.Equal(12.0 / 13, before, 9);
        Assert.Equal(12.0 / 18, after.Mean, 9);
        Assert.True(before - after.Mean > (13.0 / 14) - before);
    }

    [Fact]
    public void Decays_toward_the_prior_over_time()
    {
        Record(Valid, 10);
        Record(Invalid, 2);

        _clock.Advance(TimeSpan.FromDays(1));
        var oneHalfLife = _book.Score("dev-a", _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromDays(30));
        var longAfter = _book.Score("dev-a", _clock.GetUtcNow());

        Assert.Equal(10, oneHalfLife.Evidence, 9);
        Assert.Equal(7.0 / 13, oneHalfLife.Mean, 9);
        Assert.Equal(2.0 / 3, longAfter.Mean, 6);
        Assert.True(longAfter.Evidence < 1e-6);
    }

    [Fact]
    public void Pending_and_not_payable_outcomes_change_nothing_but_the_clock_reading()
    {
        Record(Valid, 3);
        var before = _book.Snapshot()["dev-a"];

        _book.Record(VerificationOutcome.Pending(Key, VerificationReasonCode.AwaitingReplicas), _clock.GetUtcNow());
        _book.Record(VerificationOutcome.NotPayable(Key, VerificationReasonCode.LateAfterReissue), _clock.GetUtcNow());

        Assert.Equal(before, _book.Snapshot()["dev-a"]);
    }

    [Fact]
    public void A_clock_that_goes_backwards_decays_nothing()
    {
        Record(Valid, 5);
        var state = _book.Snapshot()["dev-a"];

        var earlier = _book.Model.Decay(state, _clock.GetUtcNow().AddHours(-5));

        Assert.Equal(state, earlier);
    }

    [Fact]
    public void State_is_plain_numbers_that_round_trip_through_a_store()
    {
        Record(Valid, 4);
        Record(Invalid, 1);
        var json = JsonSerializer.Serialize(_book.Snapshot());

        var restored = new ReputationBook(_book.Model);
        foreach (var (node, state) in JsonSerializer.Deserialize<Dictionary<string, ReputationState>>(json)!)
        {
            restored.Restore(node, state);
        }

        Assert.Equal(_book.Score("dev-a", _clock.GetUtcNow()), restored.Score("dev-a", _clock.GetUtcNow()));
        Assert.Contains("\"Alpha\":6", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Newcomers_need_full_replication_and_a_long_valid_record_earns_running_alone()
    {
        var advice = new ReplicationAdvice();
        Assert.Equal(3, advice.ReplicasFor(_book.Score("dev-new", _clock.GetUtcNow())));

        Record(Valid, 200);

        Assert.Equal(1, advice.ReplicasFor(_book.Score("dev-a", _clock.GetUtcNow())));
        Record(Invalid, 3);
        Assert.True(advice.ReplicasFor(_book.Score("dev-a", _clock.GetUtcNow())) > 1);
    }

    private void Record(VerificationOutcome outcome, int times)
    {
        for (var i = 0; i < times; i++)
        {
            _book.Record(outcome, _clock.GetUtcNow());
        }
    }
}
