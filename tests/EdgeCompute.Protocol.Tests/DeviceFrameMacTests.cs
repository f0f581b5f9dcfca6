using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Protocol.Tests.Support;

namespace EdgeCompute.Protocol.Tests;

public class DeviceFrameMacTests
{
    [Fact]
    public void Builds_the_tbs_field_by_field()
    {
        var body = new byte[] { 9, 8, 7 };
        var expected = new List<byte>();
        expected.AddRange("EC1F"u8.ToArray());
        expected.Add(8);
        expected.AddRange(Encoding.ASCII.GetBytes("dev-0001"));
        expected.AddRange(BigEndian(3u));
        expected.AddRange(BigEndian(17u));
        expected.Add(1);
        expected.AddRange(BigEndian(3u));
        expected.AddRange(body);
        Assert.Equal(expected.ToArray(), DeviceFrameMac.BuildTbs("dev-0001", 3, 17, FrameType.WindowSummary, body));

        var assignment = TaskAssignmentCodec.Encode(Samples.Assignment());
        var resultTbs = DeviceFrameMac.BuildTbs("dev-0001", 3, 17, FrameType.Result, body, assignment);
        expected[4 + 1 + 8 + 8] = 3;
        Assert.Equal([.. expected, .. SHA256.HashData(assignment)], resultTbs);
        Assert.Equal(HMACSHA256.HashData(Samples.DeviceKey, resultTbs), DeviceFrameMac.Compute(Samples.DeviceKey, "dev-0001", 3, 17, FrameType.Result, body, assignment));
    }

    [Fact]
    public void Verifies_a_sealed_frame_after_a_round_trip()
    {
        var frame = DecodeAssert.Ok(DeviceFrameCodec.Decode(Samples.FrameBytes()));
        Assert.True(DeviceFrameMac.Verify(frame, Samples.DeviceKey));
        var other = (byte[])Samples.DeviceKey.Clone();
        other[0] ^= 1;
        Assert.False(DeviceFrameMac.Verify(frame, other));
    }

    [Fact]
    public void Result_mac_fails_against_a_different_assignments_bytes()
    {
        var assignment = TaskAssignmentCodec.Encode(Samples.Assignment());
        var otherSlot = TaskAssignmentCodec.Encode(Samples.Assignment() with { Slot = 1 });
        var frame = DecodeAssert.Ok(DeviceFrameCodec.Decode(Samples.FrameBytes(FrameType.Result)));
        Assert.True(DeviceFrameMac.Verify(frame, Samples.DeviceKey, assignment));
        Assert.False(DeviceFrameMac.Verify(frame, Samples.DeviceKey, otherSlot));
        Assert.Throws<ArgumentException>(() => DeviceFrameMac.Verify(frame, Samples.DeviceKey));
    }

    [Fact]
    public void Frame_with_any_single_byte_changed_fails_mac_verification()
    {
        var random = Seeds.Create();
        foreach (var type in new[] { FrameType.WindowSummary, FrameType.Result })
        {
            var original = Samples.FrameBytes(type);
            var assignment = type == FrameType.Result ? TaskAssignmentCodec.Encode(Samples.Assignment()) : [];
            for (var position = 0; position < original.Length; position++)
            {
                var mutated = (byte[])original.Clone();
                mutated[position] ^= (byte)random.Next(1, 256);
                var decoded = DeviceFrameCodec.Decode(mutated);
                if (decoded.IsSuccess)
                {
                    var typeChanged = decoded.Value.Type != type;
                    Assert.False(
                        typeChanged ? VerifyAsAnyType(decoded.Value, assignment) : DeviceFrameMac.Verify(decoded.Value, Samples.DeviceKey, assignment),
                        $"byte {position} changed and the MAC still verified");
                }
            }
        }
    }

    private static bool VerifyAsAnyType(DeviceFrame frame, byte[] assignment) =>
        DeviceFrameMac.Verify(frame, Samples.DeviceKey, frame.Type == FrameType.Result ? TaskAssignmentCodec.Encode(Samples.Assignment()) : [])
        || (assignment.Length > 0 && frame.Type == FrameType.Result && DeviceFrameMac.Verify(frame, Samples.DeviceKey, assignment));

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }
}
