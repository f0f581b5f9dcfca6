using EdgeCompute.Coordinator.Domain.Blobs;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Tests.Jobs;

/// <summary>The by-hash form of <c>wasm-map</c>: its checks before and after the blobs are resolved, its JSON, and its plan of <c>wasm.blob</c> tasks.</summary>
public sealed class WasmMapByHashTests
{
    private static readonly string ModuleHash = new('a', 64);
    private static readonly byte[] Module = JobFixtures.Module(3_000);

    private static string InputHash(int i) => BlobHash.Of(BitConverter.GetBytes(i));

    private static WasmMapJobSpec ByHash(int inputs, long inputSize = 100, byte[]? module = null, bool resolved = true) =>
        new(100_000, 1 << 16, moduleSha256: ModuleHash, inputSha256: [.. Enumerable.Range(0, inputs).Select(InputHash)])
        {
            Blobs = resolved ? new WasmMapBlobs(module ?? Module, [.. Enumerable.Repeat(inputSize, inputs)]) : null,
        };

    public static TheoryData<string, JobSpec, string, string> Refused => new()
    {
        { "both forms", new WasmMapJobSpec(100_000, 1 << 16, module: Module, moduleSha256: ModuleHash, inputSha256: [InputHash(0)]), "module",
            "name the module and inputs either inline (module, inputs) or by hash (moduleSha256, inputSha256), not both" },
        { "inputs without module", new WasmMapJobSpec(100_000, 1 << 16, inputSha256: [InputHash(0)]), "moduleSha256", "moduleSha256 is required with inputSha256" },
        { "upper-case hash", new WasmMapJobSpec(100_000, 1 << 16, moduleSha256: new string('A', 64), inputSha256: [InputHash(0)]), "moduleSha256",
            "moduleSha256 must be a SHA-256 as 64 lowercase hex characters" },
        { "no inputs", new WasmMapJobSpec(100_000, 1 << 16, moduleSha256: ModuleHash, inputSha256: []), "inputSha256", "inputSha256 must hold at least one hash" },
        { "bad input hash", new WasmMapJobSpec(100_000, 1 << 16, moduleSha256: ModuleHash, inputSha256: [InputHash(0), "xyz"]), "inputSha256[1]",
            "an input hash must be a SHA-256 as 64 lowercase hex characters" },
        { "10,001 tasks", ByHash(10_001, resolved: false), "inputSha256", "the job makes 10001 tasks; at most 10000 per job" },
        { "input over 4 MiB", ByHash(2, inputSize: BlobLimits.MaxInputBytes + 1), "inputSha256[0]", "the input has 4,194,305 bytes; at most 4,194,304 per task" },
        { "over 1 GiB of input", ByHash(257, inputSize: BlobLimits.MaxInputBytes), "inputSha256", "the job's distinct inputs hold 1,077,936,128 bytes; at most 1,073,741,824 per job" },
        { "module over 8 MiB", ByHash(1, module: JobFixtures.Module((int)BlobLimits.MaxModuleBytes + 1)), "moduleSha256", "the module has 8,388,609 bytes; at most 8,388,608" },
        { "not wasm", ByHash(1, module: [1, 2, 3, 4, 5, 6, 7, 8, 9]), "moduleSha256", "module is not a WebAssembly binary (it must start with \\0asm and a version)" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refuses_a_by_hash_spec_naming_the_field(string name, JobSpec spec, string field, string message)
    {
        var check = JobSpecValidator.Validate(spec);

        Assert.False(check.IsValid, name);
        Assert.Equal((field, message), (check.Field, check.Message));
    }

    [Fact]
    public void Counts_an_input_named_twice_once_toward_the_1_GiB()
    {
        var spec = ByHash(1, inputSize: BlobLimits.MaxInputBytes) with
        {
            InputSha256 = [.. Enumerable.Repeat(InputHash(0), 300)],
            Blobs = new WasmMapBlobs(Module, [.. Enumerable.Repeat(BlobLimits.MaxInputBytes, 300)]),
        };

        Assert.True(JobSpecValidator.Validate(spec).IsValid);
    }

    [Fact]
    public void Reads_the_by_hash_JSON_and_writes_it_back_without_the_resolved_module()
    {
        var json = $$"""{"kind":"wasm-map","moduleSha256":"{{ModuleHash}}","inputSha256":["{{InputHash(0)}}"],"fuel":100000,"memoryBytes":65536}""";

        var read = JobJson.DeserializeSpec(json);

        var spec = Assert.IsType<WasmMapJobSpec>(read.Value);
        Assert.Equal(ModuleHash, spec.ModuleSha256);
        Assert.Null(spec.Module);
        var written = JobJson.Serialize(spec with { Blobs = new WasmMapBlobs(Module, [100]) });
        using var document = System.Text.Json.JsonDocument.Parse(written);
        Assert.Equal(["fuel", "inputSha256", "kind", "memoryBytes", "moduleSha256"], document.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var again = Assert.IsType<WasmMapJobSpec>(JobJson.DeserializeSpec(written).Value);
        Assert.Equal((spec.ModuleSha256, spec.Fuel, spec.MemoryBytes), (again.ModuleSha256, again.Fuel, again.MemoryBytes));
        Assert.Equal(spec.InputSha256, again.InputSha256);
    }

    [Fact]
    public void Plans_one_wasm_blob_task_per_input_with_the_hashes_and_sizes_and_names_them_for_the_store()
    {
        var plan = JobFixtures.Plan(ByHash(3, inputSize: 2_000));

        Assert.Equal(3, plan.Tasks.Count);
        for (var i = 0; i < 3; i++)
        {
            var parameters = Assert.IsType<WasmBlobParameters>(plan.Tasks[i].Parameters);
            Assert.Equal((ModuleHash, 3_000UL, InputHash(i), 2_000UL), (Convert.ToHexStringLower(parameters.ModuleHash.Span), parameters.ModuleSize,
                Convert.ToHexStringLower(parameters.InputHash.Span), parameters.InputSize));
            Assert.Equal([ModuleHash, InputHash(i)], plan.Tasks[i].BlobHashes);
            Assert.Equal(KernelNames.WasmBlob, plan.Tasks[i].Kernel);
        }
    }

    [Fact]
    public void Plans_an_input_of_at_most_1_KiB_inline_and_names_only_the_module_for_the_store()
    {
        var small = new byte[BlobLimits.MaxInlineInputBytes];
        new Random(1024).NextBytes(small);
        var spec = ByHash(2) with
        {
            InputSha256 = [InputHash(0), BlobHash.Of(small)],
            Blobs = new WasmMapBlobs(Module, [5_000, small.Length], new Dictionary<string, byte[]> { [BlobHash.Of(small)] = small }),
        };

        var plan = JobFixtures.Plan(spec, jobId: new string('j', JobLimits.MaxJobIdLength));

        var byHash = Assert.IsType<WasmBlobParameters>(plan.Tasks[0].Parameters);
        var inline = Assert.IsType<WasmBlobParameters>(plan.Tasks[1].Parameters);
        Assert.True(byHash.InputByHash);
        Assert.False(inline.InputByHash);
        Assert.Equal(small, inline.InlineInput.ToArray());
        Assert.Equal((ulong)small.Length, inline.InputSize);
        Assert.Equal([ModuleHash], plan.Tasks[1].BlobHashes);
        var longest = EdgeCompute.Protocol.Tasks.TaskAssignmentCodec.Encode(new TaskAssignment(plan.Tasks[1].TaskId, uint.MaxValue, new string('g', EdgeCompute.Protocol.Ids.ProtocolId.MaxLength), inline, uint.MaxValue, long.MaxValue));
        Assert.True(longest.Length <= EdgeCompute.Protocol.Decoding.ProtocolLimits.MaxTaskAssignmentBytes, $"{longest.Length} bytes");
    }

    [Fact]
    public void Refuses_to_plan_a_by_hash_spec_whose_blobs_are_not_resolved()
    {
        Assert.Throws<InvalidOperationException>(() => JobFixtures.Plan(ByHash(1, resolved: false)));
    }
}
