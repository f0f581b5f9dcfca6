using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Ids;

namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>The bounds <see cref="JobSpecValidator"/> and <see cref="JobPlanner"/> hold every job to.</summary>
public static class JobLimits
{
    /// <summary>The most tasks one job is split into.</summary>
    public const int MaxTasksPerJob = 10_000;

    /// <summary>
    /// The longest job id: task ids are <c>{job}-{index}</c> and must stay within <see cref="ProtocolId.MaxLength"/>
    /// characters, and an index takes up to 4 digits (<see cref="MaxTasksPerJob"/> − 1 = 9,999).
    /// </summary>
    public const int MaxJobIdLength = ProtocolId.MaxLength - 5;

    /// <summary>The most kernel ops one task may need: the assignment's op budget (key 6) is an unsigned 32-bit integer.</summary>
    public const ulong MaxOpsPerTask = uint.MaxValue;

    /// <summary>The most samples of a <see cref="MonteCarloPiJobSpec"/>: 2^40 (about 1.1 · 10^12).</summary>
    public const ulong MaxSamples = 1UL << 40;

    /// <summary>The most fuel per WebAssembly task: cost units are signed 64-bit.</summary>
    public const ulong MaxFuel = long.MaxValue;

    /// <summary>The most pixels of an assembled image: 2^26 (e.g. 8,192 × 8,192).</summary>
    public const long MaxImagePixels = 1L << 26;

    /// <summary>The longest sensor channel name (the sum-windows module's rule).</summary>
    public const int MaxChannelLength = 16;

    /// <summary>The longest geohash prefix.</summary>
    public const int MaxGeohashLength = 12;

    /// <summary>The most replicas a verification policy may issue per task.</summary>
    public const int MaxReplicas = 7;
}
