using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.MonteCarloPi;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Pow;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Primes;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.SensorQuery;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;
using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Coordinator.Tests.Jobs;

public sealed class JobJsonTests
{
    public static TheoryData<JobSpec> Specs => new()
    {
        new PowJobSpec([1, 2, 255], 20, 5, 1_000_000, 100_000),
        new MonteCarloPiJobSpec(1_000_000, 100_000, ulong.MaxValue) { Verification = new(VerificationMethod.Quorum, Quorum: 2, Replicas: 3, SamplingRate: 0.25) },
        new PrimesJobSpec(0, 1UL << 32, 1 << 24) { Verification = new(VerificationMethod.AdaptiveReplication, PowNotFound: PowNotFoundPolicy.Accept) },
        MandelbrotJob.Create(JobFixtures.Module(), 5, 3, 2, 2, 100, 1_000_000, 1 << 20),
        new WasmMapJobSpec(JobFixtures.Module(), [[], [0, 1]], 7, 1 << 16, null),
        new SensorQueryJobSpec(JobFixtures.Module(), "temp", "u0q", 1_700_000_000_000, 1_700_000_600_000, 1_000_000, 1 << 20),
    };

    public static TheoryData<JobResult> Results => new()
    {
        new PowJobResult(true, 42, [.. Enumerable.Range(0, 32).Select(i => (byte)i)]),
        new PowJobResult(false, 0, []),
        MonteCarloPiJobResult.From(785_398, 1_000_000),
        new PrimesJobResult(0, 100, 25),
        new WasmMapJobResult([[1, 2], []], null),
        new WasmMapJobResult([], new GrayImage(2, 1, [0, 255])),
        new SensorQueryJobResult([new("gw-a", 3, 100, 1930, -2), new("gw-b", 0, 0, 0, 0)], 100, 1930, -2),
    };

    [Theory]
    [MemberData(nameof(Specs))]
    public void Round_trips_every_spec_kind(JobSpec spec)
    {
        var json = JobJson.Serialize(spec);
        var read = JobJson.DeserializeSpec(json);

        Assert.True(read.IsSuccess, read.Error);
        Assert.IsType(spec.GetType(), read.Value);
        Assert.Equal(spec.Kind, read.Value!.Kind);
        Assert.Equal(spec.Verification, read.Value.Verification);
        Assert.Equal(json, JobJson.Serialize(read.Value));
        Assert.StartsWith($"{{\"kind\":\"{spec.Kind}\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Results))]
    public void Round_trips_every_result_kind(JobResult result)
    {
        var json = JobJson.Serialize(result);
        var read = JobJson.DeserializeResult(json);

        Assert.True(read.IsSuccess, read.Error);
        Assert.IsType(result.GetType(), read.Value);
        Assert.Equal(json, JobJson.Serialize(read.Value!));
    }

    [Fact]
    public void Writes_camel_case_fields_base64_bytes_and_named_enums()
    {
        var spec = new PowJobSpec([1, 2, 3], 8, 0, 10, 5) { Verification = new(VerificationMethod.DirectPow) };

        Assert.Equal(
            "{\"kind\":\"pow\",\"prefix\":\"AQID\",\"difficulty\":8,\"nonceStart\":0,\"nonceCount\":10,\"chunkSize\":5," +
            "\"verification\":{\"method\":\"directPow\",\"quorum\":2,\"replicas\":3,\"trustAfter\":10,\"spotCheckRate\":0.1,\"samplingRate\":0.05,\"powNotFound\":\"reExecute\"}}",
            JobJson.Serialize(spec));
    }

    [Fact]
    public void Reads_a_hand_written_spec_with_the_kind_anywhere_and_defaults_in_the_policy()
    {
        var read = JobJson.DeserializeSpec("""{ "from": 2, "to": 1000, "chunkSize": 100, "kind": "primes", "verification": { "method": "quorum", "replicas": 4 } }""");

        Assert.True(read.IsSuccess, read.Error);
        var spec = Assert.IsType<PrimesJobSpec>(read.Value);
        Assert.Equal((2UL, 1000UL, 100UL), (spec.From, spec.To, spec.ChunkSize));
        Assert.Equal(new JobVerificationPolicy(VerificationMethod.Quorum, Replicas: 4), spec.Verification);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("null", "must be a JSON object")]
    [InlineData("[1]", "must be a JSON object")]
    [InlineData("{\"kind\":\"primes\",", "not valid")]
    [InlineData("{\"from\":0,\"to\":10,\"chunkSize\":1}", "has no \"kind\"")]
    [InlineData("{\"kind\":\"bitcoin\"}", "unknown kind \"bitcoin\"; expected one of pow, montecarlo-pi, primes, wasm-map, sensor-query")]
    [InlineData("{\"kind\":3}", "\"kind\" must be a string")]
    [InlineData("{\"kind\":\"primes\",\"from\":0,\"to\":10}", "chunkSize")]
    [InlineData("{\"kind\":\"primes\",\"from\":0,\"to\":10,\"chunkSize\":1,\"extra\":1}", "extra")]
    [InlineData("{\"kind\":\"primes\",\"from\":-1,\"to\":10,\"chunkSize\":1}", "$.from")]
    [InlineData("{\"kind\":\"primes\",\"from\":\"0\",\"to\":10,\"chunkSize\":1}", "$.from")]
    [InlineData("{\"kind\":\"primes\",\"from\":0,\"to\":18446744073709551616,\"chunkSize\":1}", "$.to")]
    [InlineData("{\"kind\":\"primes\",\"from\":0,\"from\":5,\"to\":10,\"chunkSize\":1}", "from")]
    [InlineData("{\"kind\":\"primes\",\"kind\":\"pow\",\"from\":0,\"to\":10,\"chunkSize\":1}", "not valid")]
    [InlineData("{\"kind\":\"pow\",\"prefix\":\"***\",\"difficulty\":1,\"nonceStart\":0,\"nonceCount\":1,\"chunkSize\":1}", "$.prefix")]
    [InlineData("{\"kind\":\"pow\",\"prefix\":null,\"difficulty\":1,\"nonceStart\":0,\"nonceCount\":1,\"chunkSize\":1}", "prefix")]
    [InlineData("{\"kind\":\"primes\",\"from\":0,\"to\":10,\"chunkSize\":1,\"verification\":{\"method\":\"trustMe\"}}", "$.verification.method")]
    [InlineData("{\"kind\":\"primes\",\"from\":0,\"to\":10,\"chunkSize\":1,\"verification\":{\"method\":1}}", "$.verification.method")]
    [InlineData("{\"kind\":\"primes\",\"from\":0,\"to\":10,\"chunkSize\":1,\"verification\":{}}", "method")]
    [InlineData("{\"kind\":\"sensor-query\",\"module\":\"AGFzbQEAAAA=\",\"channel\":\"t\",\"geohashPrefix\":\"u\",\"fromMs\":0,\"toMs\":1,\"fuel\":1,\"memoryBytes\":1e6}", "$.memoryBytes")]
    public void Refuses_bad_spec_json_with_a_message_and_never_throws(string json, string mentions)
    {
        var read = JobJson.DeserializeSpec(json);

        Assert.False(read.IsSuccess);
        Assert.Null(read.Value);
        Assert.Contains(mentions, read.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_deeply_nested_json()
    {
        var json = "{\"kind\":\"wasm-map\",\"inputs\":" + new string('[', 5_000) + new string(']', 5_000) + "}";

        var read = JobJson.DeserializeSpec(json);

        Assert.False(read.IsSuccess);
        Assert.Contains("depth", read.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Leaves_null_list_items_for_the_validator_to_name()
    {
        var read = JobJson.DeserializeSpec("""{"kind":"wasm-map","module":"AGFzbQEAAAA=","inputs":["AQ==",null],"fuel":1,"memoryBytes":65536}""");

        Assert.True(read.IsSuccess, read.Error);
        Assert.Equal("inputs[1]", JobSpecValidator.Validate(read.Value).Field);
    }

    [Fact]
    public void Refuses_bad_result_json()
    {
        Assert.Contains("unknown kind", JobJson.DeserializeResult("{\"kind\":\"nope\"}").Error, StringComparison.Ordinal);
        Assert.Contains("count", JobJson.DeserializeResult("{\"kind\":\"primes\",\"from\":0,\"to\":1}").Error, StringComparison.Ordinal);
        Assert.False(JobJson.DeserializeResult("{\"kind\":\"wasm-map\",\"outputs\":[],\"image\":{\"width\":1,\"height\":1,\"pixels\":null}}").IsSuccess);
    }
}
