namespace EdgeCompute.Gateway.EdgeTasks;

/// <summary>How one edge task ended, its output and its cost.</summary>
/// <param name="TaskId">The task id of the request.</param>
/// <param name="ReasonCode">How the task ended.</param>
/// <param name="Output">The output bytes; empty unless <see cref="IsSuccess"/>.</param>
/// <param name="FuelConsumed">Fuel used, the task's cost (the whole budget when it ran out); deterministic for the same module and input.</param>
/// <param name="ModuleHash">The module's SHA-256 as lowercase hex (empty when it could not be hashed).</param>
/// <param name="ModuleCacheHit">True when the compiled module came from the cache.</param>
/// <param name="Message">A clear description of the failure; empty on success.</param>
public sealed record EdgeTaskResult(
    string TaskId,
    EdgeTaskReasonCode ReasonCode,
    ReadOnlyMemory<byte> Output,
    ulong FuelConsumed,
    string ModuleHash,
    bool ModuleCacheHit,
    string Message)
{
    /// <summary>True when the task completed with <see cref="EdgeTaskReasonCode.Ok"/>.</summary>
    public bool IsSuccess => ReasonCode == EdgeTaskReasonCode.Ok;

    internal static EdgeTaskResult Failed(string taskId, EdgeTaskReasonCode reason, string message, string moduleHash = "", ulong fuel = 0, bool cacheHit = false) =>
        new(taskId, reason, ReadOnlyMemory<byte>.Empty, fuel, moduleHash, cacheHit, message);
}
