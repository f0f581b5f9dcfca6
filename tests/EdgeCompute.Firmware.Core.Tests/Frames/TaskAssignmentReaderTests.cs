using EdgeCompute.Firmware.Core.Cbor;
using EdgeCompute.Firmware.Core.Frames;
using EdgeCompute.Firmware.Kernels;

namespace EdgeCompute.Firmware.Core.Tests.Frames;

public sealed class TaskAssignmentReaderTests
{
    // {1: "job-7-t12", 2: 0, 3: "dev-0001", 4: "mc.pi", 5: [42, 100000], 6: 200000, 7: 1764000060000}
    public const string SpecExampleHex =
        "a701696a6f622d372d743132020003686465762d3030303104656d632e70690582182a1a000186a0061a00030d40071b0000019ab698d260";

    private readonly TaskAssignmentReader _reader = new();
    private readonly TaskAssignment _assignment = new();

    private int Read(byte[] bytes) => _reader.Read(bytes, 0, bytes.Length, _assignment);

    [Fact]
    public void Reads_the_spec_example()
    {
        var bytes = Convert.FromHexString(SpecExampleHex);
        Assert.Equal(CborError.None, Read(bytes));
        Assert.Equal("job-7-t12", _assignment.TaskId);
        Assert.Equal(0u, _assignment.Slot);
        Assert.Equal("dev-0001", _assignment.DeviceId);
        Assert.Same(KernelNames.McPi, _assignment.Kernel);
        Assert.True(_assignment.KernelKnown);
        Assert.Equal(CborError.None, _assignment.ParamsError);
        Assert.Equal(42UL, _assignment.Seed);
        Assert.Equal(100000UL, _assignment.Samples);
        Assert.Equal(200000u, _assignment.OpBudget);
        Assert.Equal(1764000060000UL, _assignment.Deadline);
        Assert.Equal((0, bytes.Length), (_assignment.SourceOffset, _assignment.SourceLength));
    }

    [Fact]
    public void Reads_the_params_of_every_kernel()
    {
        byte[] prefix = [1, 2, 3, 4, 5];
        Assert.Equal(CborError.None, Read(AssignmentBytes.Build("t1", 3, "dev-1", KernelNames.PowSha256, AssignmentBytes.Pow(prefix, 7, 1000, 12), 5000, 1)));
        Assert.Equal(prefix, _assignment.Prefix[.._assignment.PrefixLength]);
        Assert.Equal((7UL, 1000UL, 12), (_assignment.NonceStart, _assignment.NonceCount, _assignment.Difficulty));
        Assert.Equal(3u, _assignment.Slot);

        Assert.Equal(CborError.None, Read(AssignmentBytes.Build("t2", 0, "dev-1", KernelNames.PrimesCount, AssignmentBytes.UInts(100, 1 << 24), 5000, 1)));
        Assert.Equal((100UL, 1UL << 24), (_assignment.From, _assignment.To));

        Assert.Equal(CborError.None, Read(AssignmentBytes.Build("t3", 0, "dev-1", KernelNames.StatsWindow, AssignmentBytes.Stats(5, -7, int.MaxValue, int.MinValue), 5000, 1)));
        Assert.Equal(4, _assignment.ValueCount);
        Assert.Equal(new[] { 5, -7, int.MaxValue, int.MinValue }, _assignment.Values![..4]);
    }

    [Fact]
    public void Keeps_an_unknown_kernel_name_so_the_result_can_say_unknown_kernel()
    {
        Assert.Equal(CborError.None, Read(AssignmentBytes.Build("t1", 0, "dev-1", "wasm.map", AssignmentBytes.UInts(1, 2, 3), 10, 1)));
        Assert.False(_assignment.KernelKnown);
        Assert.Equal("wasm.map", _assignment.Kernel);
    }

    public static TheoryData<string, Action<CborEncoder>> UnfitParams() => new()
    {
        { KernelNames.McPi, AssignmentBytes.UInts(42) },
        { KernelNames.McPi, AssignmentBytes.UInts(42, 0) },
        { KernelNames.McPi, e => { e.WriteArrayHeader(2); e.WriteInt(-1); e.WriteUInt(5); } },
        { KernelNames.McPi, e => e.WriteUInt(5) },
        { KernelNames.PrimesCount, AssignmentBytes.UInts(10, 10) },
        { KernelNames.PrimesCount, AssignmentBytes.UInts(0, (1UL << 32) + 1) },
        { KernelNames.PrimesCount, AssignmentBytes.UInts(0, (1UL << 24) + 1) },
        { KernelNames.PowSha256, AssignmentBytes.Pow(new byte[65], 0, 1, 1) },
        { KernelNames.PowSha256, AssignmentBytes.Pow(new byte[4], 0, 0, 1) },
        { KernelNames.PowSha256, AssignmentBytes.Pow(new byte[4], 0, 1, 256) },
        { KernelNames.StatsWindow, AssignmentBytes.Stats() },
        { KernelNames.StatsWindow, AssignmentBytes.Stats(1, (long)int.MaxValue + 1) },
        { KernelNames.StatsWindow, e => { e.WriteArrayHeader(1); e.WriteArrayHeader(1); e.WriteText("x"); } },
    };

    [Theory]
    [MemberData(nameof(UnfitParams))]
    public void Marks_well_formed_but_unfit_params_for_a_bad_params_answer(string kernel, Action<CborEncoder> writeParams)
    {
        Assert.Equal(CborError.None, Read(AssignmentBytes.Build("t1", 0, "dev-1", kernel, writeParams, 10, 99)));
        Assert.NotEqual(CborError.None, _assignment.ParamsError);
        Assert.Equal(10u, _assignment.OpBudget);
        Assert.Equal(99UL, _assignment.Deadline);
    }

    [Fact]
    public void Refuses_keys_out_of_order_missing_repeated_or_unknown()
    {
        var good = Convert.FromHexString(SpecExampleHex);
        Assert.Equal(CborError.MissingKey, Read(Patch(good, 0, 0xa6)));
        Assert.Equal(CborError.UnexpectedKey, Read(Patch(good, 0, 0xa8)));
        Assert.Equal(CborError.UnexpectedKey, Read(Patch(good, 1, 0x02)));
        Assert.Equal(CborError.UnexpectedKey, Read(Patch(good, 0x0c, 0x01)));
        Assert.Equal(CborError.UnexpectedKey, Read(Patch(good, 1, 0x20)));
    }

    [Fact]
    public void Refuses_bad_ids_trailing_bytes_oversize_and_truncation()
    {
        Assert.Equal(CborError.InvalidValue, Read(AssignmentBytes.Build("Job-1", 0, "dev-1", KernelNames.McPi, AssignmentBytes.UInts(1, 1), 1, 1)));
        Assert.Equal(CborError.InvalidValue, Read(AssignmentBytes.Build("job-1", 0, "dev_1", KernelNames.McPi, AssignmentBytes.UInts(1, 1), 1, 1)));
        Assert.Equal(CborError.TooLong, Read(AssignmentBytes.Build(new string('a', 33), 0, "dev-1", KernelNames.McPi, AssignmentBytes.UInts(1, 1), 1, 1)));

        var good = Convert.FromHexString(SpecExampleHex);
        Assert.Equal(CborError.TrailingBytes, Read([.. good, 0]));
        for (var length = 0; length < good.Length; length++)
        {
            Assert.NotEqual(CborError.None, Read(good[..length]));
        }

        var big = AssignmentBytes.Build("t1", 0, "dev-1", KernelNames.StatsWindow, AssignmentBytes.Stats(Enumerable.Repeat(1000L, 700).ToArray()), 1, 1);
        Assert.True(big.Length > 2048);
        Assert.Equal(CborError.TooLarge, Read(big));
    }

    [Fact]
    public void Refuses_an_op_budget_above_u32()
    {
        var bytes = AssignmentBytes.Build("t1", 0, "dev-1", KernelNames.McPi, AssignmentBytes.UInts(1, 1), 1, 1);
        Assert.Equal(CborError.Overflow, Read(Patch32To64(bytes)));
    }

    private static byte[] Patch(byte[] source, int index, byte value)
    {
        var copy = (byte[])source.Clone();
        copy[index] = value;
        return copy;
    }

    // Rewrites key 6 (op budget 1) as a 64-bit value 2^32.
    private static byte[] Patch32To64(byte[] source)
    {
        var at = source.Length - 4; // ... 06 01 07 01
        Assert.Equal(new byte[] { 6, 1, 7, 1 }, source[at..]);
        return [.. source[..(at + 1)], 0x1b, 0, 0, 0, 1, 0, 0, 0, 0, 7, 1];
    }
}
