using EdgeCompute.Coordinator.Domain.Verification;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Coordinator.Tests.Verification;

public sealed class SlotBookTests
{
    private readonly FakeTimeProvider _clock = new(TaskFixtures.Start);
    private readonly SlotBook _book = new();

    [Fact]
    public void Late_result_after_reissue_is_recorded_but_not_paid()
    {
        _book.Open("task-1", 1);
        Assert.True(_book.Issue("task-1", 0, "dev-a", _clock.GetUtcNow().AddMinutes(1)).IsSuccess);

        _clock.Advance(TimeSpan.FromMinutes(2));
        var overdue = Assert.Single(_book.Overdue(_clock.GetUtcNow()));
        Assert.Equal(("task-1", 0u, "dev-a"), (overdue.TaskId, overdue.Slot, overdue.DeviceId));
        Assert.Contains("dev-a", overdue.ExcludedDevices);
        Assert.Equal("dev-b", overdue.ChooseDevice(["dev-a", "dev-b", "dev-c"]));
        Assert.Null(overdue.ChooseDevice(["dev-a"]));
        Assert.Equal(SlotReasonCode.DeviceAlreadyInTask, _book.Reissue("task-1", 0, "dev-a", _clock.GetUtcNow().AddMinutes(1)).ReasonCode);
        Assert.True(_book.Reissue("task-1", 0, "dev-b", _clock.GetUtcNow().AddMinutes(1)).IsSuccess);

        _clock.Advance(TimeSpan.FromSeconds(10));
        var late = _book.Admit(new ResultKey("task-1", 0, "dev-a"), _clock.GetUtcNow());
        var onTime = _book.Admit(new ResultKey("task-1", 0, "dev-b"), _clock.GetUtcNow());

        Assert.Equal((SlotAdmissionStatus.RecordedNotPayable, SlotReasonCode.LateAfterReissue), (late.Status, late.ReasonCode));
        var outcome = late.ToOutcome();
        Assert.NotNull(outcome);
        Assert.Equal((VerificationStatus.NotPayable, VerificationReasonCode.LateAfterReissue, 0UL), (outcome.Status, outcome.ReasonCode, outcome.CostUnits));
        Assert.False(outcome.IsPayable);
        Assert.True(onTime.IsAccepted);
        Assert.Equal(SlotReasonCode.NotIssuedToDevice, _book.TryMarkPaid(late.Key).ReasonCode);
        Assert.True(_book.TryMarkPaid(onTime.Key).IsSuccess);
        Assert.True(_book.TryGet("task-1", out var task));
        Assert.Equal(2, task.History.Count);
        Assert.True(task.Slots[0].IsReissued);
        Assert.Equal(["dev-a"], task.Slots[0].PreviousDevices);
    }

    [Fact]
    public void Each_slot_is_paid_at_most_once()
    {
        _book.Open("task-1", 2);
        _book.Issue("task-1", 0, "dev-a", _clock.GetUtcNow().AddMinutes(1));
        var key = new ResultKey("task-1", 0, "dev-a");

        Assert.True(_book.Admit(key, _clock.GetUtcNow()).IsAccepted);
        var duplicate = _book.Admit(key, _clock.GetUtcNow());

        Assert.Equal((SlotAdmissionStatus.RecordedNotPayable, SlotReasonCode.DuplicateResult), (duplicate.Status, duplicate.ReasonCode));
        Assert.Equal(VerificationReasonCode.DuplicateResult, duplicate.ToOutcome()!.ReasonCode);
        Assert.True(_book.TryMarkPaid(key).IsSuccess);
        Assert.Equal(SlotReasonCode.AlreadyPaid, _book.TryMarkPaid(key).ReasonCode);
        _book.Issue("task-1", 1, "dev-b", _clock.GetUtcNow().AddMinutes(1));
        Assert.Equal(SlotReasonCode.NotAnswered, _book.TryMarkPaid(new ResultKey("task-1", 1, "dev-b")).ReasonCode);
    }

    [Fact]
    public void Rejects_a_result_from_a_device_the_slot_was_not_issued_to()
    {
        _book.Open("task-1", 1);
        _book.Issue("task-1", 0, "dev-a", _clock.GetUtcNow().AddMinutes(1));

        var stranger = _book.Admit(new ResultKey("task-1", 0, "dev-x"), _clock.GetUtcNow());
        var unknownTask = _book.Admit(new ResultKey("task-9", 0, "dev-a"), _clock.GetUtcNow());
        var unknownSlot = _book.Admit(new ResultKey("task-1", 7, "dev-a"), _clock.GetUtcNow());

        Assert.Equal((SlotAdmissionStatus.Rejected, SlotReasonCode.NotIssuedToDevice), (stranger.Status, stranger.ReasonCode));
        Assert.Equal(SlotReasonCode.UnknownTask, unknownTask.ReasonCode);
        Assert.Equal(SlotReasonCode.UnknownSlot, unknownSlot.ReasonCode);
        Assert.Equal(SlotState.Issued, _book.Tasks.Single().Slots[0].State);
    }

    [Fact]
    public void Result_after_the_task_closed_is_recorded_and_not_paid()
    {
        _book.Open("task-1", 2);
        _book.Issue("task-1", 0, "dev-a", _clock.GetUtcNow().AddMinutes(1));
        _book.Issue("task-1", 1, "dev-b", _clock.GetUtcNow().AddMinutes(1));
        Assert.True(_book.Admit(new ResultKey("task-1", 0, "dev-a"), _clock.GetUtcNow()).IsAccepted);

        Assert.True(_book.Close("task-1").IsSuccess);
        var afterClose = _book.Admit(new ResultKey("task-1", 1, "dev-b"), _clock.GetUtcNow());

        Assert.Equal((SlotAdmissionStatus.RecordedNotPayable, SlotReasonCode.TaskClosed), (afterClose.Status, afterClose.ReasonCode));
        Assert.Equal(VerificationReasonCode.TaskClosed, afterClose.ToOutcome()!.ReasonCode);
        Assert.Equal(SlotReasonCode.NotAnswered, _book.TryMarkPaid(afterClose.Key).ReasonCode);
        Assert.True(_book.TryMarkPaid(new ResultKey("task-1", 0, "dev-a")).IsSuccess);
        Assert.Equal(SlotReasonCode.TaskClosed, _book.Reissue("task-1", 1, "dev-c", _clock.GetUtcNow()).ReasonCode);
        Assert.Empty(_book.Overdue(_clock.GetUtcNow().AddHours(1)));
    }

    [Fact]
    public void Replicas_of_one_task_go_to_different_devices()
    {
        _book.Open("task-1", 2);
        _book.Issue("task-1", 0, "dev-a", _clock.GetUtcNow().AddMinutes(1));

        Assert.Equal(SlotReasonCode.DeviceAlreadyInTask, _book.Issue("task-1", 1, "dev-a", _clock.GetUtcNow().AddMinutes(1)).ReasonCode);
        Assert.Equal(SlotReasonCode.SlotNotOpen, _book.Issue("task-1", 0, "dev-b", _clock.GetUtcNow().AddMinutes(1)).ReasonCode);
        Assert.Equal(SlotReasonCode.TaskExists, _book.Open("task-1", 3).ReasonCode);
    }

    [Fact]
    public void Only_issued_slots_past_their_deadline_are_overdue_and_a_late_answer_before_reissue_counts()
    {
        _book.Open("task-1", 3);
        _book.Issue("task-1", 0, "dev-a", _clock.GetUtcNow().AddMinutes(1));
        _book.Issue("task-1", 1, "dev-b", _clock.GetUtcNow().AddMinutes(5));

        Assert.Empty(_book.Overdue(_clock.GetUtcNow().AddMinutes(1)));
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal([0u], _book.Overdue(_clock.GetUtcNow()).Select(o => o.Slot));

        Assert.True(_book.Admit(new ResultKey("task-1", 0, "dev-a"), _clock.GetUtcNow()).IsAccepted);
        Assert.Empty(_book.Overdue(_clock.GetUtcNow()));
        Assert.Equal(SlotReasonCode.SlotNotIssued, _book.Reissue("task-1", 0, "dev-c", _clock.GetUtcNow()).ReasonCode);
    }
}
