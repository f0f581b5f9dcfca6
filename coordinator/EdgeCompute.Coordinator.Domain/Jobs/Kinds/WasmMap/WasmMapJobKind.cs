using System.Globalization;
using System.Security.Cryptography;
using EdgeCompute.Coordinator.Domain.Jobs.Forms;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;

/// <summary>
/// <c>wasm-map</c>: one WebAssembly module mapped over many inputs, one gateway task per input (budget: the fuel): a
/// <c>wasm</c> task with the module inline, or — when the spec names module and inputs by hash — a <c>wasm.blob</c> task
/// carrying the hashes. Verified by <see cref="VerificationMethod.Quorum"/> 2 of 2 (modules are
/// deterministic, docs/wasm-abi.md). With an <see cref="ImageLayout"/> the outputs assemble into a <see cref="GrayImage"/>
/// (the <c>mandelbrot</c> form, <see cref="MandelbrotJob"/>).
/// </summary>
public sealed class WasmMapJobKind : JobKind<WasmMapJobSpec, WasmMapJobResult>
{
    /// <summary>The wire name.</summary>
    public const string KindName = "wasm-map";

    /// <summary>The most pixels of an assembled image: 2^26 (e.g. 8,192 × 8,192).</summary>
    public const long MaxImagePixels = 1L << 26;

    /// <summary>Fuel per Mandelbrot tile (the <c>mandelbrot</c> form).</summary>
    public const ulong MandelbrotFuel = 50_000_000;

    /// <summary>Linear memory per Mandelbrot tile (the <c>mandelbrot</c> form).</summary>
    public const ulong MandelbrotMemory = 1 << 20;

    /// <inheritdoc/>
    public override string Name => KindName;

    /// <summary>
    /// Adaptive replication 2-of-2: a gateway's tasks are replicated on two owners' gateways until it has ten checked
    /// valid results in a row (<c>WorkOptions.TrustAfter</c>), then run alone with one in ten spot-checked. Measured by
    /// the verification harness (docs/verification.md): 9.7 % overhead once reputations settle against 100 % for quorum
    /// 2-of-2, and colluding pairs all caught (quorum 2-of-2 never caught 10.2 % of them).
    /// </summary>
    public override JobVerificationPolicy DefaultVerification { get; } = new(VerificationMethod.AdaptiveReplication, Quorum: 2, Replicas: 2);

    /// <inheritdoc/>
    public override string TaskCountField => "inputs";

    /// <inheritdoc/>
    public override IReadOnlyList<JobForm> Forms { get; } =
    [
        new("mandelbrot", "Render the Mandelbrot set on the gateways' WebAssembly runtime (wasm-map); 'jobs ID --image FILE.png' fetches it.",
            [
                JobFormField.Needed("module", JobFormFieldType.Module, "The Mandelbrot module, binary .wasm or text .wat (examples/mandelbrot.wat).", "FILE"),
                JobFormField.Defaulted("width", JobFormFieldType.Integer, "Image columns.", "N", 256),
                JobFormField.Defaulted("height", JobFormFieldType.Integer, "Image rows.", "N", 192),
                JobFormField.Defaulted("tile", JobFormFieldType.Integer, "Tile width and height; one task per tile.", "N", 64),
                JobFormField.Defaulted("iterations", JobFormFieldType.Integer, "Iterations per pixel.", "N", 64),
            ],
            Mandelbrot),
    ];

    /// <inheritdoc/>
    protected override JobSpecCheck Check(WasmMapJobSpec spec)
    {
        if (spec.IsByHash)
        {
            return WasmMapBlobCheck.Check(spec);
        }

        if (WasmTaskCheck.Check(spec.Module, spec.Fuel, spec.MemoryBytes) is { } bad)
        {
            return bad;
        }

        if (spec.Inputs is null || spec.Inputs.Count == 0)
        {
            return JobSpecCheck.Fail("inputs", "inputs must hold at least one input");
        }

        if (spec.Inputs.Count > JobLimits.MaxTasksPerJob)
        {
            return JobSpecCheck.Fail("inputs", $"the job makes {spec.Inputs.Count} tasks; at most {JobLimits.MaxTasksPerJob} per job");
        }

        var largest = 0;
        for (var i = 0; i < spec.Inputs.Count; i++)
        {
            if (spec.Inputs[i] is null)
            {
                return JobSpecCheck.Fail($"inputs[{i}]", "the input is missing (use an empty string for an empty input)");
            }

            largest = spec.Inputs[i].Length > spec.Inputs[largest]!.Length ? i : largest;
        }

        if (InlineAssignmentSize.Check(spec.Module!, [], spec.Fuel, spec.MemoryBytes) is { } moduleTooBig)
        {
            return JobSpecCheck.Fail("module", moduleTooBig);
        }

        if (InlineAssignmentSize.Check(spec.Module!, spec.Inputs[largest], spec.Fuel, spec.MemoryBytes) is { } inputTooBig)
        {
            return JobSpecCheck.Fail($"inputs[{largest}]", inputTooBig);
        }

        return spec.Image is null ? JobSpecCheck.Ok : ImageLayoutCheck.Check(spec.Image, spec.Inputs.Count) ?? JobSpecCheck.Ok;
    }

    /// <inheritdoc/>
    protected override ulong? TaskCount(WasmMapJobSpec spec) => (ulong)(spec.Inputs?.Count ?? spec.InputSha256?.Count ?? 0);

    /// <inheritdoc/>
    protected override byte[]? WasmModule(WasmMapJobSpec spec) => spec.Module ?? spec.Blobs?.Module;

    /// <inheritdoc/>
    protected override ulong? WasmMemoryBytes(WasmMapJobSpec spec) => spec.MemoryBytes;

    /// <inheritdoc/>
    protected override IReadOnlyList<PlannedTask> Plan(string jobId, WasmMapJobSpec spec, IReadOnlyList<string> regionGateways)
    {
        if (spec.IsByHash)
        {
            return WasmMapBlobPlan.Plan(jobId, spec);
        }

        var module = spec.Module!.ToArray();
        var hash = SHA256.HashData(module);
        var tasks = new PlannedTask[spec.Inputs!.Count];
        for (var i = 0; i < tasks.Length; i++)
        {
            var parameters = new WasmParameters(hash, module, spec.Inputs[i].ToArray(), spec.Fuel, spec.MemoryBytes);
            tasks[i] = new PlannedTask(JobPlanner.TaskId(jobId, i), i, parameters, TaskTarget.Gateway, null, spec.Fuel);
        }

        return tasks;
    }

    /// <inheritdoc/>
    protected override JobMergeResult Merge(WasmMapJobSpec spec, IReadOnlyList<TaskOutput> outputs) => WasmMapMerge.Merge(spec, outputs);

    /// <inheritdoc/>
    protected override string Describe(WasmMapJobResult result) => result.Image is { } image
        ? string.Create(CultureInfo.InvariantCulture, $"{image.Width}×{image.Height} image from {image.Width * image.Height:N0} pixels")
        : string.Create(CultureInfo.InvariantCulture, $"{result.Outputs.Count} outputs, {result.Outputs.Sum(o => (long)o.Length) + (result.OutputBlobs?.Sum(b => b?.Size ?? 0) ?? 0):N0} bytes");

    private static WasmMapJobSpec Mandelbrot(JobFormValues v)
    {
        var tile = v.Integer("tile");
        try
        {
            return MandelbrotJob.Create(v.Module("module"), v.Integer("width"), v.Integer("height"), tile, tile, v.Integer("iterations"), MandelbrotFuel, MandelbrotMemory);
        }
        catch (ArgumentOutOfRangeException e)
        {
            var field = e.ParamName switch { "width" => "width", "height" => "height", "maxIterations" => "iterations", _ => "tile" };
            throw new JobFormException(field, e.Message.Split(" (Parameter", 2)[0]);
        }
    }
}
