using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.MonteCarloPi;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Pow;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Primes;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.SensorQuery;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Ids;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Tests.Jobs;

public sealed class JobSpecValidatorTests
{
    private static readonly byte[] Module = JobFixtures.Module();

    public static TheoryData<string, JobSpec, string, string> Refused => new()
    {
        { "pow chunk 0", new PowJobSpec([], 8, 0, 100, 0), "chunkSize", "chunkSize must be at least 1" },
        { "pow chunk above u32", new PowJobSpec([], 8, 0, 100, JobLimits.MaxOpsPerTask + 1), "chunkSize", "chunkSize must be at most 4294967295 nonces per task, found 4294967296" },
        { "pow long prefix", new PowJobSpec(new byte[65], 8, 0, 100, 10), "prefix", "prefix must be at most 64 bytes, found 65" },
        { "pow difficulty", new PowJobSpec([], 256, 0, 100, 10), "difficulty", "difficulty must be 0 to 255 leading zero bits, found 256" },
        { "pow no nonces", new PowJobSpec([], 8, 0, 0, 10), "nonceCount", "nonceCount must be at least 1" },
        { "pow wraps", new PowJobSpec([], 8, ulong.MaxValue, 2, 10), "nonceCount", "the nonce range passes 2^64 - 1" },
        { "pow too many tasks", new PowJobSpec([], 8, 0, 10_001, 1), "chunkSize", "the job makes 10001 tasks; at most 10000 per job (use larger chunks)" },
        { "pi no samples", new MonteCarloPiJobSpec(0, 10, 1), "samples", "samples must be at least 1" },
        { "pi too many samples", new MonteCarloPiJobSpec(MonteCarloPiJobKind.MaxSamples + 1, 1 << 30, 1), "samples", "samples must be at most 1099511627776, found 1099511627777" },
        { "pi chunk 0", new MonteCarloPiJobSpec(10, 0, 1), "chunkSamples", "chunkSamples must be at least 1" },
        { "pi too many tasks", new MonteCarloPiJobSpec(1_000_000, 10, 1), "chunkSamples", "the job makes 100000 tasks; at most 10000 per job (use larger chunks)" },
        { "primes empty range", new PrimesJobSpec(10, 10, 5), "from", "from (10) must be below to (10); the range [from, to) is half-open" },
        { "primes past 2^32", new PrimesJobSpec(0, PrimesCountParameters.MaxTo + 1, 1 << 24), "to", "to must be at most 2^32 = 4294967296, found 4294967297" },
        { "primes chunk past 2^24", new PrimesJobSpec(0, 100, (1 << 24) + 1), "chunkSize", "chunkSize must be at most 16777216 numbers per task, found 16777217" },
        { "wasm empty module", new WasmMapJobSpec([], [[1]], 10, 1 << 16, null), "module", "module must not be empty" },
        { "wasm not wasm", new WasmMapJobSpec("not a module"u8.ToArray(), [[1]], 10, 1 << 16, null), "module", "module is not a WebAssembly binary (it must start with \\0asm and a version)" },
        { "wasm no inputs", new WasmMapJobSpec(Module, [], 10, 1 << 16, null), "inputs", "inputs must hold at least one input" },
        { "wasm null input", new WasmMapJobSpec(Module, [[1], null!], 10, 1 << 16, null), "inputs[1]", "the input is missing (use an empty string for an empty input)" },
        { "wasm no fuel", new WasmMapJobSpec(Module, [[1]], 0, 1 << 16, null), "fuel", "fuel must be at least 1" },
        { "wasm small memory", new WasmMapJobSpec(Module, [[1]], 10, 1000, null), "memoryBytes", "memoryBytes must be 65536 to 4294967296, found 1000" },
        { "sensor channel", new SensorQueryJobSpec(Module, "Temp", "u0", 0, 1, 10, 1 << 16), "channel", "channel must be 1 to 16 characters of [a-z0-9-], found \"Temp\"" },
        { "sensor geohash", new SensorQueryJobSpec(Module, "temp", "u0a", 0, 1, 10, 1 << 16), "geohashPrefix", "geohashPrefix must be 1 to 12 geohash characters (0123456789bcdefghjkmnpqrstuvwxyz), found \"u0a\"" },
        { "sensor range", new SensorQueryJobSpec(Module, "temp", "u0", 5, 5, 10, 1 << 16), "toMs", "toMs (5) must be above fromMs (5)" },
        { "direct pow on primes", new PrimesJobSpec(0, 100, 10) { Verification = new(VerificationMethod.DirectPow) }, "verification.method", "directPow verifies pow jobs only" },
        { "quorum above replicas", new PrimesJobSpec(0, 100, 10) { Verification = new(VerificationMethod.Quorum, Quorum: 3, Replicas: 2) }, "verification.replicas", "replicas must be quorum (3) to 7, found 2" },
        { "sampling rate", new PrimesJobSpec(0, 100, 10) { Verification = new(VerificationMethod.SampledReExecution, SamplingRate: 1.5) }, "verification.samplingRate", "samplingRate must be 0 to 1, found 1.5" },
        { "replicated sensor query", new SensorQueryJobSpec(Module, "temp", "u0", 0, 1, 10, 1 << 16) { Verification = new(VerificationMethod.Quorum) }, "verification.method", "a sensor query runs where its data is, one task per gateway, so it cannot be replicated: use sampledReExecution" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refuses_a_bad_spec_naming_the_field_and_why(string _, JobSpec spec, string field, string message)
    {
        var check = JobSpecValidator.Validate(spec);

        Assert.False(check.IsValid);
        Assert.Equal((field, message), (check.Field, check.Message));
    }

    [Fact]
    public void Accepts_a_spec_at_every_limit()
    {
        Assert.True(JobSpecValidator.Validate(new PowJobSpec(new byte[64], 255, ulong.MaxValue - 9_999, 10_000, 1)).IsValid);
        Assert.True(JobSpecValidator.Validate(new MonteCarloPiJobSpec(MonteCarloPiJobKind.MaxSamples, JobLimits.MaxOpsPerTask, 0)).IsValid);
        Assert.True(JobSpecValidator.Validate(new PrimesJobSpec(0, PrimesCountParameters.MaxTo, PrimesCountParameters.MaxSpan)).IsValid);
        Assert.True(JobSpecValidator.Validate(new SensorQueryJobSpec(Module, new string('a', 16), "0123456789bc", 0, long.MaxValue, JobLimits.MaxFuel, WasmParameters.MaxMemoryBytes)).IsValid);
    }

    [Fact]
    public void Refuses_a_null_spec_without_throwing() => Assert.Equal("kind", JobSpecValidator.Validate(null).Field);

    [Fact]
    public void Accepts_a_module_only_while_its_assignment_fits_inline_with_the_longest_ids()
    {
        var longestId = new string('x', ProtocolId.MaxLength);
        var largest = LargestInlineModule(input: [1, 2, 3, 4]);
        var spec = new WasmMapJobSpec(JobFixtures.Module(largest), [[1, 2, 3, 4]], ulong.MaxValue >> 1, WasmParameters.MaxMemoryBytes, null);

        Assert.True(JobSpecValidator.Validate(spec).IsValid);
        var bytes = TaskAssignmentCodec.Encode(new TaskAssignment(longestId, uint.MaxValue, longestId, JobFixtures.Plan(spec).Tasks[0].Parameters, uint.MaxValue, long.MaxValue));
        Assert.True(bytes.Length <= ProtocolLimits.MaxTaskAssignmentBytes, $"{bytes.Length} bytes");

        var oneMore = JobFixtures.Module(largest + 1);
        var oneMoreParameters = new WasmParameters(System.Security.Cryptography.SHA256.HashData(oneMore), oneMore, new byte[] { 1, 2, 3, 4 }, ulong.MaxValue >> 1, WasmParameters.MaxMemoryBytes);
        Assert.Throws<ArgumentException>(() => TaskAssignmentCodec.Encode(new TaskAssignment(longestId, uint.MaxValue, longestId, oneMoreParameters, uint.MaxValue, long.MaxValue)));
        var tooBig = JobSpecValidator.Validate(spec with { Module = oneMore });
        Assert.Equal("inputs[0]", tooBig.Field);
        Assert.Contains("an assignment carries at most 2048 bytes", tooBig.Message, StringComparison.Ordinal);

        var moduleAlone = JobSpecValidator.Validate(spec with { Module = JobFixtures.Module(largest + 5), Inputs = [[]] });
        Assert.Equal("module", moduleAlone.Field);

        var bigInput = JobSpecValidator.Validate(spec with { Inputs = [[1, 2, 3, 4], new byte[5]] });
        Assert.Equal("inputs[1]", bigInput.Field);
    }

    [Fact]
    public void Refuses_image_layouts_that_do_not_cover_the_image_exactly_once()
    {
        WasmMapJobSpec Spec(int inputs, params TileRect[] tiles) =>
            new(Module, [.. Enumerable.Range(0, inputs).Select(_ => new byte[1])], 10, 1 << 16, new ImageLayout(4, 2, tiles));

        var good = Spec(2, new(0, 0, 2, 2), new(2, 0, 2, 2));
        Assert.True(JobSpecValidator.Validate(good).IsValid);

        var overlap = JobSpecValidator.Validate(Spec(3, new(0, 0, 2, 2), new(2, 0, 2, 2), new(1, 1, 2, 1)));
        Assert.Equal(("image.tiles[2]", "the tile overlaps tile 0; tiles must cover the image exactly once"), (overlap.Field, overlap.Message));

        var gap = JobSpecValidator.Validate(Spec(2, new(0, 0, 2, 2), new(2, 0, 2, 1)));
        Assert.Equal(("image.tiles", "the tiles cover 6 of the image's 8 pixels; they must cover it exactly once"), (gap.Field, gap.Message));

        var outside = JobSpecValidator.Validate(Spec(2, new(0, 0, 2, 2), new(3, 0, 2, 2)));
        Assert.Equal("image.tiles[1]", outside.Field);

        var count = JobSpecValidator.Validate(Spec(3, new(0, 0, 2, 2), new(2, 0, 2, 2)));
        Assert.Equal(("image.tiles", "2 tiles for 3 inputs; there must be one tile per input"), (count.Field, count.Message));

        var empty = JobSpecValidator.Validate(Spec(2, new(0, 0, 4, 2), new(0, 0, 0, 2)));
        Assert.Equal("image.tiles[1]", empty.Field);
    }

    [Fact]
    public void Refuses_a_tile_larger_than_a_gateway_output()
    {
        var spec = new WasmMapJobSpec(Module, [[1]], 10, 1 << 16, new ImageLayout(257, 256, [new TileRect(0, 0, 257, 256)]));

        var check = JobSpecValidator.Validate(spec);

        Assert.Equal(("image.tiles[0]", "the tile has 65792 pixels; a gateway returns at most 65536 output bytes"), (check.Field, check.Message));
    }

    private static int LargestInlineModule(byte[] input)
    {
        // The first size that stops fitting, found by the validator itself; the test then checks both sides by encoding.
        var length = 8;
        while (JobSpecValidator.Validate(new WasmMapJobSpec(JobFixtures.Module(length + 1), [input], ulong.MaxValue >> 1, WasmParameters.MaxMemoryBytes, null)).IsValid)
        {
            length++;
        }

        return length;
    }
}
