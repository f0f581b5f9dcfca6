using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Protocol.Tests.Support;

namespace EdgeCompute.Protocol.Tests;

public class CoordinatorMessagesTests
{
    [Fact]
    public void Round_trips_and_verifies_a_signed_ack()
    {
        var bytes = CoordinatorAckCodec.Encode(Samples.Ack());
        var ack = DecodeAssert.Ok(CoordinatorAckSignature.Open(bytes, Samples.CoordinatorKey, "gw-01"));
        Assert.Equal([4710UL, 4711], ack.Stored);
        Assert.Equal([4700UL], ack.Rejected);
        Assert.Equal(bytes, CoordinatorAckCodec.Encode(ack));
    }

    [Fact]
    public void Rejects_ack_with_forged_signature_or_wrong_key()
    {
        var forged = Samples.Ack() with { Stored = [4710, 4711, 4712] };
        DecodeAssert.Fails(CoordinatorAckSignature.Open(CoordinatorAckCodec.Encode(forged), Samples.CoordinatorKey), DecodeErrorCode.BadSignature);
        DecodeAssert.Fails(CoordinatorAckSignature.Open(CoordinatorAckCodec.Encode(Samples.Ack()), Samples.GatewayKey), DecodeErrorCode.BadSignature);
        var zeroed = Samples.Ack() with { Signature = new byte[64] };
        Assert.False(CoordinatorAckSignature.Verify(zeroed, Samples.CoordinatorKey));
        DecodeAssert.Fails(CoordinatorAckSignature.Open(CoordinatorAckCodec.Encode(Samples.Ack()), Samples.CoordinatorKey, "gw-02"), DecodeErrorCode.IdMismatch);
    }

    [Fact]
    public void Ack_signature_covers_the_seq_lists_in_order()
    {
        var moved = Samples.Ack() with { Stored = [4711], Rejected = [4710, 4700] };
        Assert.False(CoordinatorAckSignature.Verify(moved, Samples.CoordinatorKey));
        var tbs = CoordinatorAckSignature.BuildTbs(Samples.Ack());
        Assert.Equal(
            "45433141" + "05" + "67772d3031" + "00000001" + "00000002" + "0000000000001266" + "0000000000001267" + "00000001" + "000000000000125c" + "0000019ab699cc60",
            Hex.Of(tbs));
    }

    [Fact]
    public void Refuses_seq_lists_over_the_limit()
    {
        var big = Samples.Ack() with { Stored = Enumerable.Range(1, ProtocolLimits.MaxAckSeqs + 1).Select(i => (ulong)i).ToArray() };
        Assert.Throws<ArgumentException>(() => CoordinatorAckSignature.Sign(big, Samples.CoordinatorKey));
    }

    [Fact]
    public void Round_trips_and_verifies_a_signed_task()
    {
        var bytes = CoordinatorTaskCodec.Encode(Samples.Task());
        var task = DecodeAssert.Ok(CoordinatorTaskSignature.Open(bytes, Samples.CoordinatorKey, "gw-01"));
        Assert.Equal("dev-0001", task.Target);
        Assert.Equal(Samples.Assignment(), DecodeAssert.Ok(TaskAssignmentCodec.Decode(task.Assignment)));
        Assert.Equal(bytes, CoordinatorTaskCodec.Encode(task));
    }

    [Fact]
    public void Rejects_task_with_forged_signature_or_wrong_key()
    {
        var retargeted = Samples.Task() with { Target = "dev-0002" };
        DecodeAssert.Fails(CoordinatorTaskSignature.Open(CoordinatorTaskCodec.Encode(retargeted), Samples.CoordinatorKey), DecodeErrorCode.BadSignature);
        var toGateway = Samples.Task() with { Target = "" };
        DecodeAssert.Fails(CoordinatorTaskSignature.Open(CoordinatorTaskCodec.Encode(toGateway), Samples.CoordinatorKey), DecodeErrorCode.BadSignature);
        DecodeAssert.Fails(CoordinatorTaskSignature.Open(CoordinatorTaskCodec.Encode(Samples.Task()), Samples.GatewayKey), DecodeErrorCode.BadSignature);
    }

    [Fact]
    public void Task_for_the_gateway_itself_has_an_empty_target()
    {
        var task = CoordinatorTaskSignature.Sign(Samples.Task() with { Target = "" }, Samples.CoordinatorKey);
        Assert.Equal("", DecodeAssert.Ok(CoordinatorTaskSignature.Open(CoordinatorTaskCodec.Encode(task), Samples.CoordinatorKey)).Target);
        var tbs = CoordinatorTaskSignature.BuildTbs(task);
        Assert.StartsWith("45433154" + "05" + "67772d3031" + "00" + "0000019ab697e800", Hex.Of(tbs), StringComparison.Ordinal);
    }
}
