using System.Globalization;
using System.Security.Cryptography;
using EdgeCompute.Coordinator.Domain.Jobs.Forms;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.SensorQuery;

/// <summary>
/// <c>sensor-query</c>: a data-local WebAssembly query, one <c>wasm</c> task pinned to each gateway of the region
/// (<see cref="IJobKind.Region"/>; budget: the fuel). Only that gateway holds those windows, so the task cannot be
/// replicated elsewhere: verified by <see cref="VerificationMethod.SampledReExecution"/> at rate 0, one replica — the
/// answer is accepted on the gateway's batch signature (the same trust its telemetry already gets). The merged mean is
/// readings-weighted over the gateways' (already rounded) means, half away from zero.
/// </summary>
public sealed class SensorQueryJobKind : JobKind<SensorQueryJobSpec, SensorQueryJobResult>
{
    /// <summary>The wire name.</summary>
    public const string KindName = "sensor-query";

    /// <summary>The longest channel name (the sum-windows module's rule).</summary>
    public const int MaxChannelLength = 16;

    /// <summary>The longest geohash prefix.</summary>
    public const int MaxGeohashLength = 12;

    /// <summary>Fuel per task (the <c>sensor-query</c> form).</summary>
    public const ulong FormFuel = 10_000_000;

    /// <summary>Linear memory per task (the <c>sensor-query</c> form).</summary>
    public const ulong FormMemory = 1 << 20;

    private const string GeohashAlphabet = "0123456789bcdefghjkmnpqrstuvwxyz";

    /// <inheritdoc/>
    public override string Name => KindName;

    /// <inheritdoc/>
    public override JobVerificationPolicy DefaultVerification { get; } = new(VerificationMethod.SampledReExecution, Quorum: 1, Replicas: 1, SamplingRate: 0);

    /// <inheritdoc/>
    public override IReadOnlyList<JobForm> Forms { get; } =
    [
        new("sensor-query", "The mean of a channel over a region's gateways, computed where the data is (sensor-query).",
            [
                JobFormField.Needed("module", JobFormFieldType.Module, "The query module, .wasm or .wat (examples/sum-windows.wat).", "FILE"),
                JobFormField.Needed("channel", JobFormFieldType.Text, "The channel, such as temp.", "C"),
                JobFormField.Needed("region", JobFormFieldType.Text, "The region: a geohash prefix of the gateways.", "GEOHASH"),
                JobFormField.Needed("from", JobFormFieldType.Time, "Windows starting at or after this (ISO 8601, e.g. 2026-01-01T08:00:00Z).", "TIME"),
                JobFormField.Needed("to", JobFormFieldType.Time, "Windows starting before this.", "TIME"),
            ],
            v => new SensorQueryJobSpec(v.Module("module"), v.Text("channel"), v.Text("region"),
                v.Time("from").ToUnixTimeMilliseconds(), v.Time("to").ToUnixTimeMilliseconds(), FormFuel, FormMemory)),
    ];

    /// <inheritdoc/>
    public override JobSpecCheck CheckVerification(JobVerificationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Method != VerificationMethod.SampledReExecution
            ? JobSpecCheck.Fail("verification.method", "a sensor query runs where its data is, one task per gateway, so it cannot be replicated: use sampledReExecution")
            : JobSpecCheck.Ok;
    }

    /// <inheritdoc/>
    protected override JobSpecCheck Check(SensorQueryJobSpec spec)
    {
        if (WasmTaskCheck.Check(spec.Module, spec.Fuel, spec.MemoryBytes) is { } bad)
        {
            return bad;
        }

        if (spec.Channel is null || spec.Channel.Length is 0 or > MaxChannelLength || !spec.Channel.All(IsIdChar))
        {
            return JobSpecCheck.Fail("channel", $"channel must be 1 to {MaxChannelLength} characters of [a-z0-9-], found \"{spec.Channel}\"");
        }

        if (spec.GeohashPrefix is null || spec.GeohashPrefix.Length is 0 or > MaxGeohashLength || !spec.GeohashPrefix.All(GeohashAlphabet.Contains))
        {
            return JobSpecCheck.Fail("geohashPrefix", $"geohashPrefix must be 1 to {MaxGeohashLength} geohash characters ({GeohashAlphabet}), found \"{spec.GeohashPrefix}\"");
        }

        if (spec.FromMs < 0)
        {
            return JobSpecCheck.Fail("fromMs", $"fromMs must not be negative, found {spec.FromMs}");
        }

        if (spec.ToMs <= spec.FromMs)
        {
            return JobSpecCheck.Fail("toMs", $"toMs ({spec.ToMs}) must be above fromMs ({spec.FromMs})");
        }

        return InlineAssignmentSize.Check(spec.Module, SensorQueryInput.Encode(spec), spec.Fuel, spec.MemoryBytes) is { } tooBig
            ? JobSpecCheck.Fail("module", tooBig)
            : JobSpecCheck.Ok;
    }

    /// <inheritdoc/>
    protected override ulong? TaskCount(SensorQueryJobSpec spec) => null;

    /// <inheritdoc/>
    protected override string? Region(SensorQueryJobSpec spec) => spec.GeohashPrefix;

    /// <inheritdoc/>
    protected override byte[]? WasmModule(SensorQueryJobSpec spec) => spec.Module;

    /// <inheritdoc/>
    protected override ulong? WasmMemoryBytes(SensorQueryJobSpec spec) => spec.MemoryBytes;

    /// <inheritdoc/>
    protected override IReadOnlyList<PlannedTask> Plan(string jobId, SensorQueryJobSpec spec, IReadOnlyList<string> regionGateways)
    {
        var module = spec.Module.ToArray();
        var hash = SHA256.HashData(module);
        var input = SensorQueryInput.Encode(spec);
        var tasks = new PlannedTask[regionGateways.Count];
        for (var i = 0; i < tasks.Length; i++)
        {
            var parameters = new WasmParameters(hash, module, input, spec.Fuel, spec.MemoryBytes);
            tasks[i] = new PlannedTask(JobPlanner.TaskId(jobId, i), i, parameters, TaskTarget.Gateway, regionGateways[i], spec.Fuel);
        }

        return tasks;
    }

    /// <inheritdoc/>
    protected override JobMergeResult Merge(SensorQueryJobSpec spec, IReadOnlyList<TaskOutput> outputs) => SensorQueryMerge.Merge(outputs);

    /// <inheritdoc/>
    protected override string Describe(SensorQueryJobResult result) =>
        string.Create(CultureInfo.InvariantCulture, $"mean {Decimal(result.MeanMantissa, result.Exponent)} over {result.TotalReadings:N0} readings from {result.Rows.Count} gateways");

    private static string Decimal(long mantissa, int exponent) =>
        exponent >= 0 ? (mantissa * (decimal)Math.Pow(10, exponent)).ToString(CultureInfo.InvariantCulture)
        : (mantissa / (decimal)Math.Pow(10, -exponent)).ToString(CultureInfo.InvariantCulture);

    private static bool IsIdChar(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-';
}
