using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Api.Jobs.Tasks;

/// <summary>The API's names of task statuses, verdicts and run outcomes.</summary>
public static class JobTaskNames
{
    /// <summary>The name of a task status.</summary>
    /// <param name="status">The status.</param>
    /// <returns><c>open</c>, <c>verified</c>, <c>failed</c> or <c>cancelled</c>.</returns>
    public static string Status(WorkTaskStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Reads a task status name.</summary>
    /// <param name="name">The name (case-insensitive).</param>
    /// <param name="status">The status when known.</param>
    /// <returns>Whether it names one.</returns>
    public static bool TryParseStatus(string name, out WorkTaskStatus status) =>
        Enum.TryParse(name, ignoreCase: true, out status) && Enum.IsDefined(status) && !int.TryParse(name, out _);

    /// <summary>The name of a verdict.</summary>
    /// <param name="verdict">The verdict.</param>
    /// <returns><c>pending</c>, <c>valid</c>, <c>invalid</c> or <c>not paid</c>.</returns>
    public static string Verdict(ResultVerdict verdict) => verdict == ResultVerdict.NotPaid ? "not paid" : verdict.ToString().ToLowerInvariant();

    /// <summary>How a stored result says its run ended.</summary>
    /// <param name="kernel">The task's kernel.</param>
    /// <param name="body">The stored result body.</param>
    /// <returns><c>ok</c>, the gateway's or device's status name, or <c>unreadable</c>.</returns>
    public static string Outcome(string kernel, byte[] body)
    {
        if (kernel is KernelNames.Wasm or KernelNames.WasmBlob)
        {
            return GatewayResultBody.TryDecode(body, out var status, out _, out _)
                ? status == GatewayTaskStatus.Ok ? "ok" : status.ToString()
                : "unreadable";
        }

        var decoded = TaskResultCodec.Decode(body);
        return !decoded.IsSuccess ? "unreadable" : decoded.Value!.Status == TaskResultStatus.Ok ? "ok" : decoded.Value.Status.ToString();
    }

    /// <summary>The SHA-256 of a WebAssembly result's output when that output is a blob (too large for its batch item), else null.</summary>
    /// <param name="kernel">The task's kernel.</param>
    /// <param name="body">The stored result body.</param>
    /// <returns>The blob's hash, or null.</returns>
    public static string? OutputBlob(string kernel, byte[] body) =>
        kernel is KernelNames.Wasm or KernelNames.WasmBlob && GatewayResultBody.TryDecode(body, out _, out _, out _, out var blob) ? blob?.Sha256 : null;
}
