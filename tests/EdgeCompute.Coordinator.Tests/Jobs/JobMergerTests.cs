using System.Buffers.Binary;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.MonteCarloPi;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Pow;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Primes;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.SensorQuery;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Tests;

namespace EdgeCompute.Coordinator.Tests.Jobs;

public sealed class JobMergerTests
{
    [Fact]
    public void Sums_primes_chunks_run_by_the_firmware_kernel()
    {
        var spec = new PrimesJobSpec(10, 100, 30);
        var outputs = JobFixtures.RunAll(JobFixtures.Plan(spec));

        // [10, 40): 11 13 17 19 23 29 31 37; [40, 70): 41 43 47 53 59 61 67; [70, 100): 71 73 79 83 89 97.
        Assert.Equal([8UL, 7UL, 6UL], outputs.Select(o => ((PrimesCountOutput)o.Kernel!).Count));
        var merged = JobMerger.Merge(spec, outputs);
        Assert.Equal(new PrimesJobResult(10, 100, 21), merged.Result);
    }

    [Fact]
    public void Merges_pi_chunks_into_an_estimate_with_a_three_sigma_bound()
    {
        var spec = new MonteCarloPiJobSpec(Samples: 4, ChunkSamples: 2, Seed: 1);
        TaskOutput[] outputs = [new(1, "b", new MonteCarloPiOutput(1, 2), null), new(0, "a", new MonteCarloPiOutput(2, 2), null)];

        var result = Assert.IsType<MonteCarloPiJobResult>(JobMerger.Merge(spec, outputs).Result);

        // p = 3/4: estimate 3, bound 3 · 4 · √(0.75 · 0.25 / 4) = 12 · √0.046875 ≈ 2.598076.
        Assert.Equal((3UL, 4UL, 3.0), (result.Inside, result.Samples, result.Estimate));
        Assert.Equal(2.598076211353316, result.ErrorBound, 12);
    }

    [Fact]
    public void Estimates_pi_within_its_bound_from_honest_kernel_runs()
    {
        var seed = (ulong)TestSeed.Pick(31_415);
        var spec = new MonteCarloPiJobSpec(400_000, 50_000, seed);

        var result = Assert.IsType<MonteCarloPiJobResult>(JobMerger.Merge(spec, JobFixtures.RunAll(JobFixtures.Plan(spec))).Result);

        Assert.Equal(400_000UL, result.Samples);
        Assert.True(Math.Abs(result.Estimate - Math.PI) <= result.ErrorBound, $"seed={seed}: {result.Estimate} ± {result.ErrorBound}");
        Assert.InRange(result.ErrorBound, 0.007, 0.009);
    }

    [Fact]
    public void Reports_the_nonce_of_the_lowest_chunk_that_found_one()
    {
        var spec = new PowJobSpec([7], Difficulty: 4, NonceStart: 0, NonceCount: 30, ChunkSize: 10);
        byte[] digest1 = [.. Enumerable.Repeat((byte)1, 32)], digest2 = [.. Enumerable.Repeat((byte)2, 32)];
        TaskOutput[] outputs =
        [
            new(2, "c", new PowSha256Output(true, 21, digest2), null),
            new(0, "a", new PowSha256Output(false, 0, ReadOnlyMemory<byte>.Empty), null),
            new(1, "b", new PowSha256Output(true, 15, digest1), null),
        ];

        var result = Assert.IsType<PowJobResult>(JobMerger.Merge(spec, outputs).Result);

        Assert.Equal((true, 15UL), (result.Found, result.Nonce));
        Assert.Equal(digest1, result.Digest);
    }

    [Fact]
    public void Finds_a_real_nonce_through_the_firmware_kernel()
    {
        var spec = new PowJobSpec("edge"u8.ToArray(), Difficulty: 8, NonceStart: 0, NonceCount: 4_000, ChunkSize: 500);

        var result = Assert.IsType<PowJobResult>(JobMerger.Merge(spec, JobFixtures.RunAll(JobFixtures.Plan(spec))).Result);

        Assert.True(result.Found);
        var message = new byte[12];
        "edge"u8.CopyTo(message);
        BinaryPrimitives.WriteUInt64BigEndian(message.AsSpan(4), result.Nonce);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(message), result.Digest);
        Assert.Equal(0, result.Digest[0]);
    }

    [Fact]
    public void Reports_not_found_when_no_chunk_found_a_nonce()
    {
        var spec = new PowJobSpec([], 200, 0, 2, 1);
        TaskOutput[] outputs = [new(0, "a", new PowSha256Output(false, 0, ReadOnlyMemory<byte>.Empty), null), new(1, "b", new PowSha256Output(false, 0, ReadOnlyMemory<byte>.Empty), null)];

        var result = Assert.IsType<PowJobResult>(JobMerger.Merge(spec, outputs).Result);

        Assert.Equal((false, 0UL, 0), (result.Found, result.Nonce, result.Digest.Length));
    }

    [Fact]
    public void Refuses_missing_duplicate_and_foreign_indexes()
    {
        var spec = new PrimesJobSpec(0, 30, 10);
        TaskOutput At(int index) => new(index, "n", new PrimesCountOutput(1), null);

        Assert.Equal(JobMergeReasonCode.MissingOutput, JobMerger.Merge(spec, [At(0), At(2)]).ReasonCode);
        Assert.Equal("task 1 has no output (1 of 3 missing)", JobMerger.Merge(spec, [At(0), At(2)]).Detail);
        Assert.Equal(JobMergeReasonCode.DuplicateOutput, JobMerger.Merge(spec, [At(0), At(1), At(1), At(2)]).ReasonCode);
        Assert.Equal(JobMergeReasonCode.IndexOutOfRange, JobMerger.Merge(spec, [At(0), At(1), At(2), At(3)]).ReasonCode);
        Assert.Equal(JobMergeReasonCode.IndexOutOfRange, JobMerger.Merge(spec, [At(-1)]).ReasonCode);
        Assert.Null(JobMerger.Merge(spec, [At(0)]).Result);
    }

    [Fact]
    public void Refuses_outputs_of_the_wrong_kind_or_contradicting_their_task()
    {
        Assert.Equal(JobMergeReasonCode.WrongOutputType, JobMerger.Merge(new PrimesJobSpec(0, 10, 10), [new(0, "n", new MonteCarloPiOutput(1, 1), null)]).ReasonCode);
        Assert.Equal(JobMergeReasonCode.WrongOutputType, JobMerger.Merge(new WasmMapJobSpec(JobFixtures.Module(), [[1]], 1, 1 << 16, null), [new(0, "n", null, null)]).ReasonCode);
        Assert.Equal(JobMergeReasonCode.OutputDoesNotMatchTask, JobMerger.Merge(new MonteCarloPiJobSpec(10, 10, 1), [new(0, "n", new MonteCarloPiOutput(1, 9), null)]).ReasonCode);
        Assert.Equal(JobMergeReasonCode.OutputDoesNotMatchTask, JobMerger.Merge(new PrimesJobSpec(0, 10, 10), [new(0, "n", new PrimesCountOutput(11), null)]).ReasonCode);
        var outside = new PowSha256Output(true, 10, new byte[32]);
        Assert.Equal(JobMergeReasonCode.OutputDoesNotMatchTask, JobMerger.Merge(new PowJobSpec([], 1, 0, 10, 10), [new(0, "n", outside, null)]).ReasonCode);
        Assert.Equal(JobMergeReasonCode.InvalidSpec, JobMerger.Merge(new PrimesJobSpec(0, 10, 0), []).ReasonCode);
    }

    [Fact]
    public void Keeps_plain_wasm_outputs_in_input_order()
    {
        var spec = new WasmMapJobSpec(JobFixtures.Module(), [[1], [2], [3]], 10, 1 << 16, null);
        TaskOutput[] outputs = [new(2, "c", null, [30]), new(0, "a", null, [10]), new(1, "b", null, [20, 21])];

        var result = Assert.IsType<WasmMapJobResult>(JobMerger.Merge(spec, outputs).Result);

        Assert.Equal([[10], [20, 21], [30]], result.Outputs);
        Assert.Null(result.Image);
    }

    [Fact]
    public void Assembles_mandelbrot_tiles_into_the_image()
    {
        // 5 × 3 in tiles of 2 × 2: three tiles on top (2, 2, 1 wide), three below (1 high).
        var spec = MandelbrotJob.Create(JobFixtures.Module(), 5, 3, 2, 2, 50, 1_000_000, 1 << 20);
        var tiles = spec.Image!.Tiles;
        var outputs = tiles.Select((t, i) => new TaskOutput(i, "gw", null, [.. Enumerable.Range(0, (int)t.Area).Select(k => (byte)((10 * i) + k))])).ToArray();

        var image = Assert.IsType<WasmMapJobResult>(JobMerger.Merge(spec, outputs).Result).Image!;

        Assert.Equal((5, 3), (image.Width, image.Height));
        byte[] expected =
        [
            0, 1, 10, 11, 20,
            2, 3, 12, 13, 21,
            30, 31, 40, 41, 50,
        ];
        Assert.Equal(expected, image.Pixels);
    }

    [Fact]
    public void Refuses_a_tile_output_of_the_wrong_size()
    {
        var spec = MandelbrotJob.Create(JobFixtures.Module(), 4, 2, 2, 2, 50, 1_000_000, 1 << 20);
        TaskOutput[] outputs = [new(0, "a", null, new byte[4]), new(1, "b", null, new byte[3])];

        var merged = JobMerger.Merge(spec, outputs);

        Assert.Equal(JobMergeReasonCode.TileSizeMismatch, merged.ReasonCode);
        Assert.Equal("task 1 returned 3 bytes; its 2 × 2 tile needs 4", merged.Detail);
    }

    [Fact]
    public void Decodes_the_sum_windows_example_for_one_gateway()
    {
        // examples/sum-windows.md: (60, 2100), (30, 2400), (10, -500) at exponent -2 give 3, 100, 1930, -2.
        var result = MergeSensor(("gw-a", 3, 100, 1930, -2));

        Assert.Equal([new SensorQueryRow("gw-a", 3, 100, 1930, -2)], result.Rows);
        Assert.Equal((100L, 1930L, -2), (result.TotalReadings, result.MeanMantissa, result.Exponent));
    }

    [Fact]
    public void Weights_gateway_means_by_readings_rounding_half_away_from_zero()
    {
        // (100 · 1930 + 50 · 2001) / 150 = 1953.67 → 1954.
        Assert.Equal(1954, MergeSensor(("a", 3, 100, 1930, -2), ("b", 2, 50, 2001, -2)).MeanMantissa);
        Assert.Equal(2, MergeSensor(("a", 1, 1, 1, 0), ("b", 1, 1, 2, 0)).MeanMantissa);
        Assert.Equal(-2, MergeSensor(("a", 1, 1, -1, 0), ("b", 1, 1, -2, 0)).MeanMantissa);
        Assert.Equal(-1, MergeSensor(("a", 1, 2, -1, 0), ("b", 1, 1, -2, 0)).MeanMantissa);
    }

    [Fact]
    public void Ignores_gateways_without_readings_for_the_mean_and_exponent()
    {
        var result = MergeSensor(("a", 0, 0, 0, 0), ("b", 2, 10, 215, -1));

        Assert.Equal((2, 10L, 215L, -1), (result.Rows.Count, result.TotalReadings, result.MeanMantissa, result.Exponent));
        Assert.Equal((0L, 0L, 0), (MergeSensor(("a", 0, 0, 0, 0)).TotalReadings, MergeSensor(("a", 0, 0, 0, 0)).MeanMantissa, MergeSensor(("a", 0, 0, 0, 0)).Exponent));
    }

    [Fact]
    public void Refuses_sensor_outputs_that_cannot_be_merged()
    {
        var spec = SensorSpec();

        Assert.Equal(JobMergeReasonCode.MixedExponents, JobMerger.Merge(spec, [Sensor(0, ("a", 1, 1, 1, -1)), Sensor(1, ("b", 1, 1, 1, -2))]).ReasonCode);
        Assert.Equal(JobMergeReasonCode.BadSensorOutput, JobMerger.Merge(spec, [new TaskOutput(0, "a", null, new byte[31])]).ReasonCode);
        Assert.Equal(JobMergeReasonCode.BadSensorOutput, JobMerger.Merge(spec, [Sensor(0, ("a", 1, -5, 1, 0))]).ReasonCode);
        Assert.Equal(JobMergeReasonCode.MissingOutput, JobMerger.Merge(spec, []).ReasonCode);
        Assert.Equal(JobMergeReasonCode.IndexOutOfRange, JobMerger.Merge(spec, [Sensor(1, ("a", 1, 1, 1, 0)), Sensor(2, ("b", 1, 1, 1, 0))]).ReasonCode);
    }

    [Fact]
    public void Notices_a_missing_last_sensor_output_when_given_the_plans_task_count()
    {
        var spec = SensorSpec();
        var plan = JobFixtures.Plan(spec, gateways: ["gw-a", "gw-b"]);
        TaskOutput[] outputs = [Sensor(0, ("gw-a", 1, 1, 1, 0))];

        Assert.True(JobMerger.Merge(spec, outputs).IsSuccess);
        Assert.Equal(JobMergeReasonCode.MissingOutput, JobMerger.Merge(spec, outputs, plan.Tasks.Count).ReasonCode);
        Assert.Equal(JobMergeReasonCode.InvalidSpec, JobMerger.Merge(new PrimesJobSpec(0, 20, 10), [], 3).ReasonCode);
    }

    private static SensorQueryJobSpec SensorSpec() => new(JobFixtures.Module(), "temp", "u0", 0, 1, 1_000, 1 << 16);

    private static SensorQueryJobResult MergeSensor(params (string Gateway, long Windows, long Readings, long Mean, long Exponent)[] rows)
    {
        var merged = JobMerger.Merge(SensorSpec(), [.. rows.Select((r, i) => Sensor(i, r))]);
        Assert.True(merged.IsSuccess, merged.Detail);
        return Assert.IsType<SensorQueryJobResult>(merged.Result);
    }

    private static TaskOutput Sensor(int index, (string Gateway, long Windows, long Readings, long Mean, long Exponent) row)
    {
        var bytes = new byte[32];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, row.Windows);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), row.Readings);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(16), row.Mean);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(24), row.Exponent);
        return new TaskOutput(index, row.Gateway, null, bytes);
    }
}
