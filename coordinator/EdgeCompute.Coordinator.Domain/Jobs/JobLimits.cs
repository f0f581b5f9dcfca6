using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Ids;

namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>The bounds <see cref="JobSpecValidator"/> and <see cref="JobPlanner"/> hold every job to (a kind's own bounds are in its folder).</summary>
public static class JobLimits
{
    /// <summary>The most tasks one job is split into.</summary>
    public const int MaxTasksPerJob = 10_000;

    /// <summary>The shortest deadline a job may ask for, seconds.</summary>
    public const long MinDeadlineSeconds = 10;

    /// <summary>The longest deadline a job may ask for, seconds (7 days).</summary>
    public const long MaxDeadlineSeconds = 7 * 24 * 3600;

    /// <summary>
    /// The longest job id: task ids are <c>{job}-{index}</c> and must stay within <see cref="ProtocolId.MaxLength"/>
    /// characters, and an index takes up to 4 digits (<see cref="MaxTasksPerJob"/> − 1 = 9,999).
    /// </summary>
    public const int MaxJobIdLength = ProtocolId.MaxLength - 5;

    /// <summary>The most kernel ops one task may need: the assignment's op budget (key 6) is an unsigned 32-bit integer.</summary>
    public const ulong MaxOpsPerTask = uint.MaxValue;

    /// <summary>The most fuel per WebAssembly task: cost units are signed 64-bit.</summary>
    public const ulong MaxFuel = long.MaxValue;

    /// <summary>The most replicas a verification policy may issue per task.</summary>
    public const int MaxReplicas = 7;
}
