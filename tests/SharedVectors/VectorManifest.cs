using System.Text.Json;

namespace EdgeCompute.Tests.Vectors;

/// <summary>tests/vectors/vectors.json: the fixed inputs of the golden vectors and the values they must decode to.</summary>
internal sealed record VectorManifest(
    int ManifestVersion,
    ManifestDevice Device,
    IReadOnlyList<ManifestChannel> Channels,
    ManifestWindow Window,
    ManifestRawSamples RawSamples,
    IReadOnlyList<ManifestAssignment> Assignments,
    IReadOnlyList<ManifestFrame> Frames,
    IReadOnlyList<ManifestGatewayStatus>? GatewayStatuses = null)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private static readonly Lazy<VectorManifest> Loaded = new(() =>
        JsonSerializer.Deserialize<VectorManifest>(File.ReadAllBytes(VectorFolder.PathOf(VectorFolder.ManifestName)), Options)
        ?? throw new InvalidOperationException("tests/vectors/vectors.json is empty"));

    public static VectorManifest Instance => Loaded.Value;

    public byte[] Key => Convert.FromHexString(Device.KeyHex);

    public int[] SamplesOf(string channel) => Window.Samples[channel];

    public ManifestAssignment AssignmentFor(string kernel) => Assignments.Single(a => a.Kernel == kernel);

    public ManifestFrame Frame(string kind) => Frames.Single(f => f.Kind == kind);

    public ManifestFrame ResultFrame(string kernel) => Frames.Single(f => f.Kind == "result" && f.Expected.Kernel == kernel);
}

internal sealed record ManifestDevice(
    string Id,
    string KeyHex,
    uint Boot,
    string Platform,
    string FirmwareVersion,
    ulong RamBytes,
    uint CpuMhz,
    IReadOnlyList<string> Kernels);

internal sealed record ManifestChannel(string Name, string Unit, int Exponent);

internal sealed record ManifestWindow(
    long StartMs,
    long LengthMs,
    int SampleIntervalMs,
    int SamplesPerChannel,
    Dictionary<string, int[]> Samples);

internal sealed record ManifestRawSamples(uint Boot, uint Seq, long T0Ms, int IntervalMs, string Values);

internal sealed record ManifestAssignment(
    string File,
    string WrittenBy,
    string TaskId,
    uint Slot,
    string DeviceId,
    string Kernel,
    ManifestParams Params,
    uint OpBudget,
    long DeadlineMs);

/// <summary>The parameters of one kernel; only the fields of <see cref="ManifestAssignment.Kernel"/> are set.</summary>
internal sealed record ManifestParams(
    string? PrefixHex,
    ulong NonceStart,
    ulong NonceCount,
    int Difficulty,
    ulong Seed,
    ulong Samples,
    ulong From,
    ulong To,
    int[]? Values,
    string? ModuleSha256Hex = null,
    ulong ModuleSize = 0,
    string? InputSha256Hex = null,
    ulong InputSize = 0,
    string? InlineInputHex = null,
    ulong Fuel = 0,
    ulong MemoryBytes = 0);

/// <summary>A batch body with no items and a gateway status; the v2 fields are null in the v1 form.</summary>
internal sealed record ManifestGatewayStatus(
    string File,
    string WrittenBy,
    uint IdleCpuPermille,
    ulong FreeMemoryBytes,
    ulong OutboxDepth,
    ulong? OutboxBytes = null,
    ulong? UnackedBatches = null,
    ulong? OutboxEvictions = null,
    ulong? UplinkReconnects = null,
    ulong? ConnectedDevices = null);

internal sealed record ManifestFrame(
    string File,
    string WrittenBy,
    string Kind,
    int Type,
    uint Boot,
    uint Seq,
    string? Assignment,
    ManifestExpected Expected);

/// <summary>What a frame decodes to; only the fields of its kind are set.</summary>
internal sealed record ManifestExpected(
    // birth
    string? FirmwareVersion,
    string? Platform,
    IReadOnlyList<string>? Kernels,
    ulong RamBytes,
    uint CpuMhz,
    IReadOnlyList<JsonElement[]>? Sensors,
    // window summary and raw samples
    long Readings,
    long WindowStartMs,
    long WindowLengthMs,
    IReadOnlyList<ManifestChannelSummary>? Channels,
    long T0Ms,
    long IntervalMs,
    // result
    string? TaskId,
    uint Slot,
    string? Kernel,
    int Status,
    long Ops,
    ManifestOutput? Output);

internal sealed record ManifestChannelSummary(string Name, string Unit, int Exponent, long Count, long Min, long Max, long Mean, long Var);

/// <summary>A kernel's output; only the fields of the kernel are set.</summary>
internal sealed record ManifestOutput(
    bool Found,
    ulong Nonce,
    string? DigestHex,
    ulong Inside,
    ulong Samples,
    long Count,
    long Min,
    long Max,
    long Mean,
    long Var);
