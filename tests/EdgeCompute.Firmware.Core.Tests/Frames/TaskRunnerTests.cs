using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Core.Frames;
using EdgeCompute.Firmware.Kernels;

namespace EdgeCompute.Firmware.Core.Tests.Frames;

public sealed class TaskRunnerTests
{
    private readonly TaskRunner _runner = new();
    private readonly KernelOutput _output = new();

    private TaskAssignment Read(byte[] bytes)
    {
        var assignment = new TaskAssignment();
        Assert.Equal(CborError.None, new TaskAssignmentReader().Read(bytes, 0, bytes.Length, assignment));
        return assignment;
    }

    [Fact]
    public void Runs_each_kernel_like_calling_it_directly()
    {
        var expected = new KernelOutput();

        _runner.Run(Read(AssignmentBytes.Build("t", 0, "d", KernelNames.McPi, AssignmentBytes.UInts(42, 1000), 5000, 10)), 5, _output);
        MonteCarloPiKernel.Run(42, 1000, 5000, expected);
        Assert.Equal((KernelStatus.Ok, expected.Ops, expected.Numbers[0], 2), (_output.Status, _output.Ops, _output.Numbers[0], _output.NumberCount));

        _runner.Run(Read(AssignmentBytes.Build("t", 0, "d", KernelNames.PrimesCount, AssignmentBytes.UInts(0, 100), 5000, 10)), 5, _output);
        Assert.Equal((KernelStatus.Ok, 25L), (_output.Status, _output.Numbers[0]));

        _runner.Run(Read(AssignmentBytes.Build("t", 0, "d", KernelNames.StatsWindow, AssignmentBytes.Stats(1, 2, 3, 4), 5000, 10)), 5, _output);
        Assert.Equal(new long[] { 4, 1, 4, 3, 1 }, _output.Numbers[..5]);

        byte[] prefix = [1, 2, 3];
        _runner.Run(Read(AssignmentBytes.Build("t", 0, "d", KernelNames.PowSha256, AssignmentBytes.Pow(prefix, 0, 5000, 8), 5000, 10)), 5, _output);
        new PowSha256Kernel().Run(prefix, 3, 0, 5000, 8, 5000, expected);
        Assert.Equal((expected.Found, expected.Nonce, expected.Ops), (_output.Found, _output.Nonce, _output.Ops));
    }

    [Fact]
    public void Answers_unknown_kernel_deadline_passed_bad_params_and_budget_exceeded()
    {
        _runner.Run(Read(AssignmentBytes.Build("t", 0, "d", "gpu.x", AssignmentBytes.UInts(), 5000, 10)), 5, _output);
        Assert.Equal((KernelStatus.UnknownKernel, 0L), (_output.Status, _output.Ops));

        var late = Read(AssignmentBytes.Build("t", 0, "d", KernelNames.McPi, AssignmentBytes.UInts(1, 10), 5000, 10));
        _runner.Run(late, 11, _output);
        Assert.Equal(KernelStatus.DeadlinePassed, _output.Status);
        _runner.Run(late, 10, _output);
        Assert.Equal(KernelStatus.Ok, _output.Status);

        _runner.Run(Read(AssignmentBytes.Build("t", 0, "d", KernelNames.McPi, AssignmentBytes.UInts(1, 0), 5000, 10)), 5, _output);
        Assert.Equal(KernelStatus.BadParams, _output.Status);

        _runner.Run(Read(AssignmentBytes.Build("t", 0, "d", KernelNames.McPi, AssignmentBytes.UInts(1, 1000), 999, 10)), 5, _output);
        Assert.Equal(KernelStatus.BudgetExceeded, _output.Status);
    }
}
