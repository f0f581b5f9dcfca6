using EdgeCompute.Firmware.Core.Frames;
using EdgeCompute.Firmware.Kernels;

using EdgeCompute.Tests.Vectors;

namespace EdgeCompute.Firmware.Core.Tests.Vectors;

/// <summary>
/// The device side of tests/vectors: re-creates every frame the firmware core writes from vectors.json and compares
/// it byte for byte with the golden file (or writes it with EDGECOMPUTE_WRITE_VECTORS=1), and reads and runs the
/// task assignments the Protocol library wrote.
/// </summary>
public sealed class FirmwareGoldenVectorTests
{
    private const string Firmware = "firmware core";

    public static TheoryData<string> Kernels => new(KernelNames.All());

    private static VectorManifest M => VectorManifest.Instance;

    [Fact]
    public void Firmware_birth_frame_matches_golden_bytes()
    {
        VectorFiles.CheckOrWrite(M.Frame("birth").File, FirmwareVectorBuilder.Birth(M), Firmware);
    }

    [Fact]
    public void Firmware_summary_frame_matches_golden_bytes()
    {
        VectorFiles.CheckOrWrite(M.Frame("window_summary").File, FirmwareVectorBuilder.WindowSummary(M), Firmware);
    }

    [Fact]
    public void Firmware_raw_sample_frame_matches_golden_bytes()
    {
        VectorFiles.CheckOrWrite(M.Frame("raw_samples").File, FirmwareVectorBuilder.RawSamples(M), Firmware);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Firmware_result_frame_answering_protocol_assignment_matches_golden_bytes(string kernel)
    {
        var frame = M.ResultFrame(kernel);
        var assignment = VectorFiles.ReadAssignment(frame.Assignment!);
        VectorFiles.CheckOrWrite(frame.File, FirmwareVectorBuilder.Result(M, kernel, assignment), Firmware);
    }

    [Fact]
    public void Firmware_window_aggregation_gives_manifest_statistics()
    {
        var aggregators = FirmwareVectorBuilder.Aggregate(M);
        var expected = M.Frame("window_summary").Expected.Channels!;
        Assert.Equal(M.Channels.Count, expected.Count);
        for (var c = 0; c < expected.Count; c++)
        {
            var a = aggregators[c];
            Assert.Equal(
                (expected[c].Name, expected[c].Count, expected[c].Min, expected[c].Max, expected[c].Mean, expected[c].Var),
                (M.Channels[c].Name, (long)a.Count, (long)a.Min, (long)a.Max, a.Mean, a.Variance));
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Firmware_reads_protocol_assignment_with_manifest_fields(string kernel)
    {
        var expected = M.AssignmentFor(kernel);
        Assert.Equal("protocol", expected.WrittenBy);
        var bytes = VectorFiles.ReadAssignment(expected.File);
        var assignment = new TaskAssignment();

        var error = new TaskAssignmentReader().Read(bytes, 0, bytes.Length, assignment);

        Assert.True(error == 0, $"{expected.File}: TaskAssignmentReader refused the Protocol library's bytes with CborError {error}");
        Assert.Equal(
            (expected.TaskId, expected.Slot, expected.DeviceId, expected.Kernel, expected.OpBudget, (ulong)expected.DeadlineMs),
            (assignment.TaskId, assignment.Slot, assignment.DeviceId, assignment.Kernel, assignment.OpBudget, assignment.Deadline));
        Assert.True(assignment.KernelKnown);
        Assert.Equal(0, assignment.ParamsError);

        var p = expected.Params;
        switch (kernel)
        {
            case KernelNames.PowSha256:
                Assert.Equal(Convert.FromHexString(p.PrefixHex!), assignment.Prefix[..assignment.PrefixLength]);
                Assert.Equal((p.NonceStart, p.NonceCount, p.Difficulty), (assignment.NonceStart, assignment.NonceCount, assignment.Difficulty));
                break;
            case KernelNames.McPi:
                Assert.Equal((p.Seed, p.Samples), (assignment.Seed, assignment.Samples));
                break;
            case KernelNames.PrimesCount:
                Assert.Equal((p.From, p.To), (assignment.From, assignment.To));
                break;
            default:
                Assert.Equal(p.Values!, assignment.Values![..assignment.ValueCount]);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Firmware_runs_protocol_assignment_to_manifest_output(string kernel)
    {
        var expected = M.ResultFrame(kernel).Expected;
        var bytes = VectorFiles.ReadAssignment(M.AssignmentFor(kernel).File);
        var assignment = new TaskAssignment();
        Assert.Equal(0, new TaskAssignmentReader().Read(bytes, 0, bytes.Length, assignment));
        var output = new KernelOutput();

        new TaskRunner().Run(assignment, FirmwareVectorBuilder.RunAtMs(M), output);

        Assert.Equal((expected.Status, expected.Ops), (output.Status, output.Ops));
        var o = expected.Output!;
        var numbers = output.Numbers[..output.NumberCount];
        switch (kernel)
        {
            case KernelNames.PowSha256:
                Assert.Equal((o.Found, o.Nonce), (output.Found, output.Nonce));
                Assert.Equal(Convert.FromHexString(o.DigestHex!), output.Digest[..output.DigestLength]);
                break;
            case KernelNames.McPi:
                Assert.Equal([(long)o.Inside, (long)o.Samples], numbers);
                break;
            case KernelNames.PrimesCount:
                Assert.Equal([o.Count], numbers);
                break;
            default:
                Assert.Equal([o.Count, o.Min, o.Max, o.Mean, o.Var], numbers);
                break;
        }
    }

    [Fact]
    public void Every_firmware_frame_in_the_manifest_is_written_by_the_firmware_core()
    {
        Assert.All(M.Frames, f => Assert.Equal("firmware", f.WrittenBy));
        Assert.All(M.Assignments, a => Assert.Equal("protocol", a.WrittenBy));
        Assert.Equal(KernelNames.All().Order(), M.Frames.Where(f => f.Kind == "result").Select(f => f.Expected.Kernel!).Order());
    }
}
