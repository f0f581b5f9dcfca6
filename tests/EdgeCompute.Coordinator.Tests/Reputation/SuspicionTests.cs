using EdgeCompute.Coordinator.Domain.Reputation;
using EdgeCompute.Coordinator.Domain.Verification;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Coordinator.Tests.Reputation;

/// <summary>Missed deadlines count against a node, and a caught node stays suspect (never trusted) until its failures decay.</summary>
public sealed class SuspicionTests
{
    private static readonly ResultKey Key = new("task-1", 0, "dev-a");
    private static readonly VerificationOutcome Valid = new(Key, VerificationStatus.Valid, VerificationReasonCode.AgreedWithQuorum, 100);
    private static readonly VerificationOutcome Wrong = VerificationOutcome.Invalid(Key, VerificationReasonCode.OutvotedByQuorum);
    private static readonly VerificationOutcome Missed = VerificationOutcome.MissedDeadline(Key);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly ReputationBook _book = new(new ReputationModel(new ReputationOptions { HalfLife = TimeSpan.FromDays(7) }));

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public void A_missed_deadline_is_a_failure_lighter_than_a_wrong_answer()
    {
        var missed = _book.Record("dev-m", Missed, Now);
        var wrong = _book.Record("dev-w", Wrong, Now);

        Assert.Equal((VerificationStatus.Invalid, VerificationReasonCode.DeadlineMissed), (Missed.Status, Missed.ReasonCode));
        Assert.Equal((2.0, 2.0), (missed.Alpha, missed.Beta)); // prior (2, 1) plus MissedDeadlinePenalty 1
        Assert.Equal((2.0, 6.0), (wrong.Alpha, wrong.Beta)); // plus InvalidPenalty 5
        Assert.True(_book.Score("dev-m", Now).Mean < 2.0 / 3);
    }

    [Fact]
    public void One_wrong_answer_makes_a_node_suspect_three_missed_deadlines_too_and_valid_results_do_not_clear_it()
    {
        Assert.False(_book.IsSuspect("dev-a", Now)); // unknown: the prior
        _book.Record("dev-a", Wrong, Now);
        for (var i = 0; i < 50; i++)
        {
            _book.Record("dev-a", Valid, Now);
        }

        _book.Record("dev-m", Missed, Now);
        _book.Record("dev-m", Missed, Now);
        var afterTwo = _book.IsSuspect("dev-m", Now);
        _book.Record("dev-m", Missed, Now);

        Assert.True(_book.IsSuspect("dev-a", Now));
        Assert.False(afterTwo);
        Assert.True(_book.IsSuspect("dev-m", Now));
    }

    [Fact]
    public void Suspicion_ends_when_the_failure_has_decayed_below_half_a_wrong_answer()
    {
        _book.Record("dev-a", Wrong, Now);

        _clock.Advance(TimeSpan.FromDays(6.9)); // 5 × 0.5^(6.9/7) ≈ 2.52: still at least 2.5
        var stillSuspect = _book.IsSuspect("dev-a", Now);
        _clock.Advance(TimeSpan.FromDays(0.2)); // past one half-life: 2.5 or less

        Assert.True(stillSuspect);
        Assert.False(_book.IsSuspect("dev-a", Now));
    }

    [Fact]
    public void A_suspect_node_is_not_trusted_however_long_its_run_and_is_trusted_once_no_longer_suspect()
    {
        var adaptive = new AdaptiveReplication(trustAfter: 3, spotCheckRate: 0);
        var random = new Random(1);
        adaptive.Record(Wrong);

        for (var i = 0; i < 5; i++)
        {
            adaptive.Record(Valid, mayTrust: false);
        }

        var whileSuspect = adaptive.Trust("dev-a");
        var plan = adaptive.Plan("dev-a", random);
        adaptive.Record(Valid, mayTrust: true);

        Assert.Equal((5, false), (whileSuspect.ValidRun, whileSuspect.IsTrusted));
        Assert.Equal(ReplicationMode.Replicate, plan);
        Assert.True(adaptive.Trust("dev-a").IsTrusted);
    }

    [Fact]
    public void A_missed_deadline_revokes_trust()
    {
        var adaptive = new AdaptiveReplication(trustAfter: 2, spotCheckRate: 0);
        adaptive.Record(Valid);
        adaptive.Record(Valid);
        var trusted = adaptive.Trust("dev-a").IsTrusted;

        adaptive.Record(Missed);

        Assert.True(trusted);
        Assert.Equal(new AdaptiveTrust(0, false, 0, 1), adaptive.Trust("dev-a"));
    }

    [Fact]
    public void Penalties_and_the_suspect_threshold_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReputationModel(new ReputationOptions { MissedDeadlinePenalty = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReputationModel(new ReputationOptions { SuspectAbove = double.NaN }));
    }
}
