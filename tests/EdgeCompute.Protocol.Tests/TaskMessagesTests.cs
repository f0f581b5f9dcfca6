using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Protocol.Tests.Support;

namespace EdgeCompute.Protocol.Tests;

public class TaskMessagesTests
{
    private const string AssignmentVector =
        "a701696a6f622d372d743132020003686465762d3030303104656d632e70690582182a1a000186a0061a00030d40071b0000019ab698d260";

    private const string ResultVector = "a601696a6f622d372d743132020003656d632e70690400051a000186a006821a000132d71a000186a0";

    [Fact]
    public void Encodes_the_spec_assignment_byte_for_byte()
    {
        Assert.Equal(AssignmentVector, Hex.Of(TaskAssignmentCodec.Encode(Samples.Assignment())));
        var decoded = DecodeAssert.Ok(TaskAssignmentCodec.Decode(Hex.Bytes(AssignmentVector)));
        Assert.Equal(Samples.Assignment(), decoded);
        Assert.Equal("mc.pi", decoded.Kernel);
    }

    [Fact]
    public void Encodes_the_spec_result_byte_for_byte()
    {
        Assert.Equal(ResultVector, Hex.Of(TaskResultCodec.Encode(Samples.Result())));
        Assert.Equal(Samples.Result(), DecodeAssert.Ok(TaskResultCodec.Decode(Hex.Bytes(ResultVector))));
    }

    [Fact]
    public void Round_trips_every_kernels_parameters()
    {
        foreach (var parameters in Samples.AllParameters())
        {
            var bytes = TaskAssignmentCodec.Encode(Samples.Assignment(parameters));
            var decoded = DecodeAssert.Ok(TaskAssignmentCodec.Decode(bytes));
            Assert.Equal(parameters.Kernel, decoded.Kernel);
            Assert.Equal(parameters.GetType(), decoded.Parameters.GetType());
            Assert.Equal(bytes, TaskAssignmentCodec.Encode(decoded));
        }
    }

    [Fact]
    public void Round_trips_every_kernels_output_and_failed_statuses()
    {
        KernelOutput[] outputs =
        [
            new PowSha256Output(true, 77, new byte[32]),
            new PowSha256Output(false, 0, Array.Empty<byte>()),
            new MonteCarloPiOutput(78_551, 100_000),
            new PrimesCountOutput(8_392),
            new StatsWindowOutput(4, -5, 9, 2, 30),
        ];
        string[] kernels = [KernelNames.PowSha256, KernelNames.PowSha256, KernelNames.MonteCarloPi, KernelNames.PrimesCount, KernelNames.StatsWindow];
        for (var i = 0; i < outputs.Length; i++)
        {
            var result = new TaskResult("t-1", 2, kernels[i], TaskResultStatus.Ok, 99, outputs[i]);
            var decoded = DecodeAssert.Ok(TaskResultCodec.Decode(TaskResultCodec.Encode(result)));
            Assert.Equal(TaskResultCodec.Encode(result), TaskResultCodec.Encode(decoded));
        }

        foreach (var status in new[] { TaskResultStatus.OpBudgetExceeded, TaskResultStatus.BadParams, TaskResultStatus.UnknownKernel, TaskResultStatus.DeadlinePassed })
        {
            var result = new TaskResult("t-1", 0, "future.kernel", status, 5, null);
            Assert.Equal(result, DecodeAssert.Ok(TaskResultCodec.Decode(TaskResultCodec.Encode(result))));
        }
    }

    [Fact]
    public void Refuses_output_that_does_not_match_the_status_or_kernel()
    {
        Assert.Throws<ArgumentException>(() => TaskResultCodec.Encode(new TaskResult("t", 0, "mc.pi", TaskResultStatus.BadParams, 0, new PrimesCountOutput(1))));
        Assert.Throws<ArgumentException>(() => TaskResultCodec.Encode(new TaskResult("t", 0, "mc.pi", TaskResultStatus.Ok, 0, new PrimesCountOutput(1))));
        Assert.Throws<ArgumentException>(() => TaskResultCodec.Encode(new TaskResult("t", 0, "pow.sha256", TaskResultStatus.Ok, 0, new PowSha256Output(true, 1, new byte[3]))));

        // status 2 with a non-empty output array
        DecodeAssert.Fails(TaskResultCodec.Decode(Hex.Bytes(ResultVector.Replace("0400", "0402", StringComparison.Ordinal))), DecodeErrorCode.LimitExceeded);
        DecodeAssert.Fails(TaskResultCodec.Decode(Hex.Bytes(ResultVector.Replace("0400", "0405", StringComparison.Ordinal))), DecodeErrorCode.InvalidValue);
    }

    [Fact]
    public void Rejects_assignment_with_zero_monte_carlo_samples()
    {
        var hex = AssignmentVector.Replace("0582182a1a000186a0", "0582182a00", StringComparison.Ordinal);
        DecodeAssert.Fails(TaskAssignmentCodec.Decode(Hex.Bytes(hex)), DecodeErrorCode.InvalidValue);
    }

    [Fact]
    public void Decodes_params_by_the_kernel_name()
    {
        var hex = AssignmentVector.Replace("04656d632e7069", "046c7072696d65732e636f756e74", StringComparison.Ordinal);
        Assert.Equal(new PrimesCountParameters(42, 100_000), DecodeAssert.Ok(TaskAssignmentCodec.Decode(Hex.Bytes(hex))).Parameters);
    }

    [Fact]
    public void Refuses_parameters_that_break_kernel_rules()
    {
        Assert.Throws<ArgumentException>(() => TaskAssignmentCodec.Encode(Samples.Assignment(new PrimesCountParameters(10, 10))));
        Assert.Throws<ArgumentException>(() => TaskAssignmentCodec.Encode(Samples.Assignment(new PrimesCountParameters(0, (1UL << 32) + 1))));
        Assert.Throws<ArgumentException>(() => TaskAssignmentCodec.Encode(Samples.Assignment(new PrimesCountParameters(0, (1UL << 24) + 1))));
        Assert.Throws<ArgumentException>(() => TaskAssignmentCodec.Encode(Samples.Assignment(new PowSha256Parameters(new byte[65], 0, 1, 1))));
        Assert.Throws<ArgumentException>(() => TaskAssignmentCodec.Encode(Samples.Assignment(new PowSha256Parameters(new byte[1], ulong.MaxValue, 2, 1))));
        Assert.Throws<ArgumentException>(() => TaskAssignmentCodec.Encode(Samples.Assignment(new PowSha256Parameters(new byte[1], 0, 1, 256))));
        Assert.Throws<ArgumentException>(() => TaskAssignmentCodec.Encode(Samples.Assignment(new StatsWindowParameters([]))));
        Assert.Throws<ArgumentException>(() => TaskAssignmentCodec.Encode(Samples.Assignment(new OpaqueKernelParameters("mc.pi", new byte[] { 0x80 }))));
        Assert.Throws<ArgumentException>(() => TaskAssignmentCodec.Encode(Samples.Assignment(new StatsWindowParameters(Enumerable.Repeat(int.MaxValue, 1000).ToArray()))));
    }
}
