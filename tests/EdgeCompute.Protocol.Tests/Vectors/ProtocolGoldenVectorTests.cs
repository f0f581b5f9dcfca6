using System.Security.Cryptography;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Protocol.Telemetry;
using EdgeCompute.Protocol.Tests.Support;
using EdgeCompute.Tests.Vectors;

namespace EdgeCompute.Protocol.Tests.Vectors;

/// <summary>
/// The .NET side of tests/vectors: encodes every task assignment of vectors.json and compares it byte for byte with
/// its golden file (or writes it with EDGECOMPUTE_WRITE_VECTORS=1), and decodes, MAC-checks and re-encodes every
/// frame the firmware core wrote.
/// </summary>
public sealed class ProtocolGoldenVectorTests
{
    private const string Protocol = "EdgeCompute.Protocol";

    public static TheoryData<string> Kernels => new(KernelNames.All);

    /// <summary>The device kernels and the gateway's <c>wasm.blob</c>, whose vector has no result frame (a gateway answers with batch item kind 6).</summary>
    public static TheoryData<string> AssignmentKernels => new([.. KernelNames.All, KernelNames.WasmBlob]);

    public static TheoryData<string> FrameFiles => new(VectorManifest.Instance.Frames.Select(f => f.File));

    private static VectorManifest M => VectorManifest.Instance;

    [Theory]
    [MemberData(nameof(AssignmentKernels))]
    public void Protocol_assignment_encoding_matches_golden_bytes(string kernel)
    {
        var expected = M.AssignmentFor(kernel);
        Assert.Equal("protocol", expected.WrittenBy);
        VectorFiles.CheckOrWrite(expected.File, TaskAssignmentCodec.Encode(ToAssignment(expected)), Protocol);
    }

    [Theory]
    [MemberData(nameof(AssignmentKernels))]
    public void Protocol_decodes_golden_assignment_to_manifest_fields(string kernel)
    {
        var expected = M.AssignmentFor(kernel);
        var decoded = DecodeAssert.Ok(TaskAssignmentCodec.Decode(VectorFiles.ReadAssignment(expected.File)));

        Assert.Equal(
            (expected.TaskId, expected.Slot, expected.DeviceId, expected.Kernel, expected.OpBudget, expected.DeadlineMs),
            (decoded.TaskId, decoded.Slot, decoded.DeviceId, decoded.Kernel, decoded.OpBudget, decoded.DeadlineMs));
        var p = expected.Params;
        switch (decoded.Parameters)
        {
            case PowSha256Parameters pow:
                Assert.Equal(Convert.FromHexString(p.PrefixHex!), pow.Prefix.ToArray());
                Assert.Equal((p.NonceStart, p.NonceCount, p.Difficulty), (pow.NonceStart, pow.NonceCount, pow.Difficulty));
                break;
            case MonteCarloPiParameters pi:
                Assert.Equal((p.Seed, p.Samples), (pi.Seed, pi.Samples));
                break;
            case PrimesCountParameters primes:
                Assert.Equal((p.From, p.To), (primes.From, primes.To));
                break;
            case StatsWindowParameters stats:
                Assert.Equal(p.Values!, stats.Values);
                break;
            case WasmBlobParameters blob:
                Assert.Equal(p.ModuleSha256Hex, Convert.ToHexStringLower(blob.ModuleHash.Span));
                Assert.Equal(p.InputSha256Hex, Convert.ToHexStringLower(blob.InputHash.Span));
                Assert.Equal(p.InlineInputHex, Convert.ToHexStringLower(blob.InlineInput.Span));
                Assert.Equal((p.ModuleSize, p.InputSize, p.Fuel, p.MemoryBytes), (blob.ModuleSize, blob.InputSize, blob.Fuel, blob.MemoryBytes));
                Assert.True(blob.InputByHash);
                break;
            default:
                Assert.Fail($"{expected.File}: unexpected parameters {decoded.Parameters}");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(FrameFiles))]
    public void Protocol_decodes_firmware_frame_envelope_as_in_manifest(string file)
    {
        var expected = M.Frames.Single(f => f.File == file);
        var frame = DecodeAssert.Ok(DeviceFrameCodec.Decode(VectorFiles.ReadFrame(file)));

        Assert.Equal(
            (M.Device.Id, expected.Boot, expected.Seq, (FrameType)expected.Type, DeviceFrame.MacLength),
            (frame.DeviceId, frame.Boot, frame.Seq, frame.Type, frame.Mac.Length));
    }

    [Theory]
    [MemberData(nameof(FrameFiles))]
    public void Protocol_verifies_mac_of_firmware_frame(string file)
    {
        var expected = M.Frames.Single(f => f.File == file);
        var frame = DecodeAssert.Ok(DeviceFrameCodec.Decode(VectorFiles.ReadFrame(file)));
        var assignment = expected.Assignment is null ? [] : VectorFiles.ReadAssignment(expected.Assignment);

        Assert.True(
            DeviceFrameMac.Verify(frame, M.Key, assignment),
            $"{file}: the firmware core's MAC does not verify here (TBS = \"EC1F\" || str8(device id) || u32be(boot) || u32be(seq) || u8(type) || bytes32(body) || [SHA-256(assignment)])");

        var otherKey = M.Key;
        otherKey[31] ^= 0x01;
        Assert.False(DeviceFrameMac.Verify(frame, otherKey, assignment));
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Protocol_verifies_mac_of_firmware_result_frame(string kernel)
    {
        var expected = M.ResultFrame(kernel);
        var frame = DecodeAssert.Ok(DeviceFrameCodec.Decode(VectorFiles.ReadFrame(expected.File)));
        Assert.Equal(FrameType.Result, frame.Type);

        Assert.True(DeviceFrameMac.Verify(frame, M.Key, VectorFiles.ReadAssignment(expected.Assignment!)), $"{expected.File}: MAC over SHA-256 of {expected.Assignment} does not verify");
        foreach (var other in M.Assignments.Where(a => a.File != expected.Assignment))
        {
            Assert.False(
                DeviceFrameMac.Verify(frame, M.Key, VectorFiles.ReadAssignment(other.File)),
                $"{expected.File} must not verify against {other.File} (a result replayed against another assignment fails its MAC)");
        }
    }

    [Fact]
    public void Protocol_decodes_firmware_summary_frame_to_manifest_statistics()
    {
        var expected = M.Frame("window_summary");
        var frame = DecodeAssert.Ok(DeviceFrameCodec.Decode(VectorFiles.ReadFrame(expected.File)));
        var summary = DecodeAssert.Ok(WindowSummaryCodec.Decode(frame.Body));

        Assert.Equal(
            (M.Device.Id, expected.Expected.WindowStartMs, expected.Expected.WindowLengthMs),
            (summary.SourceId, summary.WindowStartMs, summary.WindowLengthMs));
        Assert.Equal(M.Window.StartMs, summary.WindowStartMs);
        Assert.Equal(M.Window.LengthMs, summary.WindowLengthMs);
        Assert.Equal(
            expected.Expected.Channels!.Select(c => new ChannelSummary(c.Name, c.Unit, c.Exponent, c.Count, c.Min, c.Max, c.Mean, c.Var)),
            summary.Channels);

        // The .NET reference aggregation of the manifest's samples agrees with the device's.
        Assert.Equal(
            M.Channels.Select(c => ChannelSummary.FromSamples(c.Name, c.Unit, c.Exponent, M.SamplesOf(c.Name).Select(v => (long)v).ToArray())),
            summary.Channels);

        Assert.Equal(expected.Expected.Readings, TelemetryReadings.Count(summary));
        Assert.Equal(expected.Expected.Readings, DecodeAssert.Ok(TelemetryReadings.Count(frame.Type, frame.Body)));
    }

    [Fact]
    public void Protocol_decodes_firmware_raw_sample_frame_to_manifest_samples()
    {
        var expected = M.Frame("raw_samples");
        var frame = DecodeAssert.Ok(DeviceFrameCodec.Decode(VectorFiles.ReadFrame(expected.File)));
        var channels = DecodeAssert.Ok(RawSamplesCodec.Decode(frame.Body));

        Assert.Equal((M.RawSamples.Boot, M.RawSamples.Seq), (frame.Boot, frame.Seq));
        Assert.Equal(M.Channels.Count, channels.Count);
        for (var c = 0; c < channels.Count; c++)
        {
            var channel = M.Channels[c];
            Assert.Equal(
                (channel.Name, channel.Unit, channel.Exponent, expected.Expected.T0Ms, expected.Expected.IntervalMs),
                (channels[c].Channel, channels[c].Unit, channels[c].Exponent, channels[c].StartMs, channels[c].IntervalMs));
            Assert.Equal(M.SamplesOf(channel.Name).Select(v => (long)v), channels[c].Values);
        }

        Assert.Equal(expected.Expected.Readings, TelemetryReadings.Count(channels));
        Assert.Equal(expected.Expected.Readings, DecodeAssert.Ok(TelemetryReadings.Count(frame.Type, frame.Body)));
    }

    [Fact]
    public void Protocol_decodes_firmware_birth_frame_to_manifest_device()
    {
        var expected = M.Frame("birth");
        var frame = DecodeAssert.Ok(DeviceFrameCodec.Decode(VectorFiles.ReadFrame(expected.File)));
        var birth = DecodeAssert.Ok(DeviceBirthCodec.Decode(frame.Body));

        Assert.Equal(0u, frame.Seq);
        Assert.Equal(
            (M.Device.FirmwareVersion, M.Device.Platform, M.Device.RamBytes, M.Device.CpuMhz),
            (birth.FirmwareVersion, birth.Platform, birth.RamBytes, birth.CpuMhz));
        Assert.Equal(expected.Expected.Kernels!, birth.Kernels);
        Assert.Equal(M.Device.Kernels, birth.Kernels);
        Assert.Equal(
            expected.Expected.Sensors!.Select(s => new SensorDescriptor(s[0].GetString()!, s[1].GetString()!, s[2].GetInt32())),
            birth.Sensors);
        Assert.Equal(M.Channels.Select(c => new SensorDescriptor(c.Name, c.Unit, c.Exponent)), birth.Sensors);
        Assert.Equal(0, DecodeAssert.Ok(TelemetryReadings.Count(frame.Type, frame.Body)));
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Protocol_decodes_firmware_result_frame_to_manifest_output(string kernel)
    {
        var expected = M.ResultFrame(kernel).Expected;
        var frame = DecodeAssert.Ok(DeviceFrameCodec.Decode(VectorFiles.ReadFrame(M.ResultFrame(kernel).File)));
        var result = DecodeAssert.Ok(TaskResultCodec.Decode(frame.Body));

        Assert.Equal(
            (expected.TaskId, expected.Slot, expected.Kernel, (TaskResultStatus)expected.Status, (ulong)expected.Ops),
            (result.TaskId, result.Slot, result.Kernel, result.Status, result.Ops));
        var o = expected.Output!;
        switch (result.Output)
        {
            case PowSha256Output pow:
                Assert.Equal((o.Found, o.Nonce), (pow.Found, pow.Nonce));
                Assert.Equal(Convert.FromHexString(o.DigestHex!), pow.Digest.ToArray());

                // The digest is what the spec says it is, with the difficulty's leading zero bits.
                var p = M.AssignmentFor(kernel).Params;
                var message = Convert.FromHexString(p.PrefixHex!).Concat(BitConverter.GetBytes(pow.Nonce).Reverse()).ToArray();
                Assert.Equal(SHA256.HashData(message), pow.Digest.ToArray());
                Assert.True(LeadingZeroBits(pow.Digest.Span) >= p.Difficulty);
                Assert.InRange(pow.Nonce, p.NonceStart, p.NonceStart + p.NonceCount - 1);
                Assert.Equal(pow.Nonce - p.NonceStart + 1, result.Ops);
                break;
            case MonteCarloPiOutput pi:
                Assert.Equal((o.Inside, o.Samples), (pi.Inside, pi.Samples));
                break;
            case PrimesCountOutput primes:
                Assert.Equal((ulong)o.Count, primes.Count);
                break;
            case StatsWindowOutput stats:
                Assert.Equal((o.Count, o.Min, o.Max, o.Mean, o.Var), (stats.Count, stats.Min, stats.Max, stats.Mean, stats.Variance));
                var reference = ChannelSummary.FromSamples("x", string.Empty, 0, M.AssignmentFor(kernel).Params.Values!.Select(v => (long)v).ToArray());
                Assert.Equal((reference.Count, reference.Min, reference.Max, reference.Mean, reference.Variance), (stats.Count, stats.Min, stats.Max, stats.Mean, stats.Variance));
                break;
            default:
                Assert.Fail($"{M.ResultFrame(kernel).File}: unexpected output {result.Output}");
                break;
        }

        Assert.Equal(0, DecodeAssert.Ok(TelemetryReadings.Count(frame.Type, frame.Body)));
    }

    [Theory]
    [MemberData(nameof(FrameFiles))]
    public void Protocol_re_encodes_firmware_frame_to_identical_bytes(string file)
    {
        var bytes = VectorFiles.ReadFrame(file);
        var frame = DecodeAssert.Ok(DeviceFrameCodec.Decode(bytes));
        VectorFiles.AssertSameBytes(file, bytes, DeviceFrameCodec.Encode(frame), "DeviceFrameCodec.Encode", "Device frame envelope: {1: id, 2: boot, 3: seq, 4: type, 5: body, 6: mac}, keys ascending, definite lengths.");

        var body = frame.Body.ToArray();
        var (reencoded, writer, spec) = frame.Type switch
        {
            FrameType.WindowSummary => (WindowSummaryCodec.Encode(DecodeAssert.Ok(WindowSummaryCodec.Decode(body))), "WindowSummaryCodec.Encode",
                "Type 1: labels in the order bn, bt, n, u, v, t; u on min, max and mean; v as 4([e, mantissa]) with the channel's own exponent (2e for var)."),
            FrameType.RawSamples => (RawSamplesCodec.Encode(DecodeAssert.Ok(RawSamplesCodec.Decode(body))), "RawSamplesCodec.Encode",
                "Type 2: {1: channel, 2: unit, 3: exponent, 4: t0, 5: interval, 6: count, 7: first, 8: deltas} with zigzag LEB128 deltas."),
            FrameType.Birth => (DeviceBirthCodec.Encode(DecodeAssert.Ok(DeviceBirthCodec.Decode(body))), "DeviceBirthCodec.Encode",
                "Device birth: {1: firmware version, 2: platform, 3: kernels, 4: RAM bytes, 5: CPU MHz, 6: sensors}."),
            _ => (TaskResultCodec.Encode(DecodeAssert.Ok(TaskResultCodec.Decode(body))), "TaskResultCodec.Encode",
                "Result body: {1: task id, 2: slot, 3: kernel, 4: status, 5: ops, 6: output}."),
        };
        VectorFiles.AssertSameBytes(file + " (frame body)", body, reencoded, writer, spec);
    }

    [Fact]
    public void Every_vector_file_is_listed_in_the_manifest()
    {
        VectorFiles.SkipInWriteMode();
        var listed = M.Frames.Select(f => f.File).Concat(M.Assignments.Select(a => a.File)).Concat((M.GatewayStatuses ?? []).Select(s => s.File))
            .ToHashSet(StringComparer.Ordinal);
        var onDisk = System.IO.Directory.GetFiles(VectorFiles.Directory, "*.cbor").Select(Path.GetFileName).ToList();

        Assert.All(onDisk, file => Assert.True(listed.Contains(file!), $"tests/vectors/{file} is not mentioned in vectors.json (orphan vector)"));
        Assert.All(listed, file => Assert.True(onDisk.Contains(file), $"vectors.json lists {file}, which is not in tests/vectors (see README.md to generate it)"));
        Assert.All(M.Frames.Where(f => f.Assignment is not null), f => Assert.Contains(f.Assignment, M.Assignments.Select(a => a.File)));
    }

    private static TaskAssignment ToAssignment(ManifestAssignment a)
    {
        var p = a.Params;
        KernelParameters parameters = a.Kernel switch
        {
            KernelNames.PowSha256 => new PowSha256Parameters(Convert.FromHexString(p.PrefixHex!), p.NonceStart, p.NonceCount, p.Difficulty),
            KernelNames.MonteCarloPi => new MonteCarloPiParameters(p.Seed, p.Samples),
            KernelNames.PrimesCount => new PrimesCountParameters(p.From, p.To),
            KernelNames.StatsWindow => new StatsWindowParameters(p.Values!),
            KernelNames.WasmBlob => new WasmBlobParameters(
                Convert.FromHexString(p.ModuleSha256Hex!), p.ModuleSize, Convert.FromHexString(p.InputSha256Hex!), p.InputSize, Convert.FromHexString(p.InlineInputHex!), p.Fuel, p.MemoryBytes),
            _ => throw new InvalidOperationException($"vectors.json: unknown kernel {a.Kernel}"),
        };
        return new TaskAssignment(a.TaskId, a.Slot, a.DeviceId, parameters, a.OpBudget, a.DeadlineMs);
    }

    private static int LeadingZeroBits(ReadOnlySpan<byte> digest)
    {
        var bits = 0;
        foreach (var b in digest)
        {
            if (b == 0)
            {
                bits += 8;
                continue;
            }

            return bits + (System.Numerics.BitOperations.LeadingZeroCount((uint)b) - 24);
        }

        return bits;
    }
}
