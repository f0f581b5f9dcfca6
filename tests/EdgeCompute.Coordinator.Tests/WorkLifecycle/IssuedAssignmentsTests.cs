using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Tasks;
using static EdgeCompute.Coordinator.Tests.WorkLifecycle.WorkFixtures;

namespace EdgeCompute.Coordinator.Tests.WorkLifecycle;

/// <summary>A device result counts only for the assignment issued to that device, MAC-checked over exactly its bytes.</summary>
public sealed class IssuedAssignmentsTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Fact]
    public void A_result_sealed_over_the_issued_assignment_is_authentic()
    {
        var issued = new IssuedAssignments([Assignment(0, "dev-a", AssignmentState.Issued)]);
        var (frame, result) = Sealed(0, "dev-a", Assignment(0, "dev-a", AssignmentState.Issued).Assignment);

        Assert.Equal(ResultAuthenticity.Authentic, issued.Authenticate(frame, result, Key, out var assignment));
        Assert.Equal((TaskId, 0u, "dev-a"), (assignment!.TaskId, assignment.Slot, assignment.NodeId));
    }

    [Fact]
    public void A_result_for_a_slot_not_issued_to_its_device_is_refused()
    {
        var issued = new IssuedAssignments([Assignment(0, "dev-a", AssignmentState.Issued)]);
        var (frame, result) = Sealed(0, "dev-b", Assignment(0, "dev-b", AssignmentState.Issued).Assignment);

        Assert.Equal(ResultAuthenticity.NotIssued, issued.Authenticate(frame, result, Key, out _));
    }

    [Fact]
    public void A_result_sealed_over_other_assignment_bytes_or_by_an_unknown_device_is_refused()
    {
        var issued = new IssuedAssignments([Assignment(0, "dev-a", AssignmentState.Issued), Assignment(1, "dev-a", AssignmentState.Issued)]);
        var (replayed, result) = Sealed(0, "dev-a", Assignment(1, "dev-a", AssignmentState.Issued).Assignment);
        var (honest, _) = Sealed(0, "dev-a", Assignment(0, "dev-a", AssignmentState.Issued).Assignment);

        Assert.Equal(ResultAuthenticity.BadMac, issued.Authenticate(replayed, result, Key, out _));
        Assert.Equal(ResultAuthenticity.BadMac, issued.Authenticate(honest, result, null, out _));
    }

    private static (DeviceFrame Frame, TaskResult Result) Sealed(uint slot, string node, byte[] assignmentBytes)
    {
        var body = HonestBody(slot, node);
        return (DeviceFrameMac.Seal(Key, node, 1, 7, FrameType.Result, body, assignmentBytes), TaskResultCodec.Decode(body).Value!);
    }
}
