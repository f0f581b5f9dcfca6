using System.Formats.Cbor;
using System.Security.Cryptography;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Work;

/// <summary>
/// How the coordinator keeps and compares the result of a gateway (WASM) task. Stored body: CBOR
/// <c>[status uint, fuel uint, output bstr]</c>, or <c>[0, fuel uint, output sha256 bstr (32), output size uint]</c>
/// when the output is a blob (item kind 7). For verification it becomes a <see cref="TaskResult"/> of kernel
/// <c>wasm</c> whose output is <c>[bstr SHA-256(output)]</c> — the blob's hash as given — so replicas compare exactly by
/// content whichever way their outputs travelled, while the protocol's 3.5 KiB result-body bound (meant for device
/// frames) does not apply.
/// </summary>
public static class GatewayResultBody
{
    /// <summary>Encodes the stored body of a gateway result.</summary>
    /// <param name="item">The gateway's result item.</param>
    /// <returns>CBOR <c>[status, fuel, output]</c>.</returns>
    public static byte[] Encode(GatewayTaskResultItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(item.OutputBlob is null ? 3 : 4);
        writer.WriteUInt32((uint)item.Status);
        writer.WriteUInt64(item.Fuel);
        if (item.OutputBlob is { } blob)
        {
            writer.WriteByteString(Convert.FromHexString(blob.Sha256));
            writer.WriteUInt64(blob.Size);
        }
        else
        {
            writer.WriteByteString(item.Output.Span);
        }

        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>Decodes a stored body.</summary>
    /// <param name="body">The body.</param>
    /// <param name="status">The gateway's status.</param>
    /// <param name="fuel">The fuel used.</param>
    /// <param name="output">The module's output.</param>
    /// <returns>Whether the body is well formed.</returns>
    public static bool TryDecode(byte[] body, out GatewayTaskStatus status, out ulong fuel, out byte[] output) =>
        TryDecode(body, out status, out fuel, out output, out _);

    /// <summary>Decodes a stored body, inline or naming an output blob.</summary>
    /// <param name="body">The body.</param>
    /// <param name="status">The gateway's status.</param>
    /// <param name="fuel">The fuel used.</param>
    /// <param name="output">The module's output when inline; empty when it is a blob.</param>
    /// <param name="blob">The output blob, or null when the output is inline.</param>
    /// <returns>Whether the body is well formed.</returns>
    public static bool TryDecode(byte[] body, out GatewayTaskStatus status, out ulong fuel, out byte[] output, out GatewayTaskOutputBlob? blob)
    {
        status = default;
        fuel = 0;
        output = [];
        blob = null;
        try
        {
            var reader = new CborReader(body, CborConformanceMode.Canonical);
            var length = reader.ReadStartArray();
            if (length is not (3 or 4))
            {
                return false;
            }

            status = (GatewayTaskStatus)reader.ReadUInt32();
            fuel = reader.ReadUInt64();
            output = reader.ReadByteString();
            if (length == 4)
            {
                if (output.Length != 32 || status != GatewayTaskStatus.Ok)
                {
                    return false;
                }

                blob = new GatewayTaskOutputBlob(Convert.ToHexStringLower(output), reader.ReadUInt64());
                output = [];
            }

            reader.ReadEndArray();
            return reader.BytesRemaining == 0;
        }
        catch (CborContentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The result as verifiers compare it: the assignment's kernel (<c>wasm</c> or <c>wasm.blob</c>), output <c>[SHA-256(output)]</c>.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="slot">The slot.</param>
    /// <param name="status">The gateway's status.</param>
    /// <param name="fuel">The fuel used.</param>
    /// <param name="output">The module's output.</param>
    /// <param name="kernel">The assignment's kernel: <c>wasm</c> (the default) or <c>wasm.blob</c>, which answer alike.</param>
    /// <returns>The task result.</returns>
    public static TaskResult ToTaskResult(string taskId, uint slot, GatewayTaskStatus status, ulong fuel, byte[] output, string kernel = KernelNames.Wasm) =>
        ToTaskResult(taskId, slot, status, fuel, output, null, kernel);

    /// <summary>The result as verifiers compare it; an output blob compares by its hash, as an inline output by the hash of its bytes.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="slot">The slot.</param>
    /// <param name="status">The gateway's status.</param>
    /// <param name="fuel">The fuel used.</param>
    /// <param name="output">The module's output when inline.</param>
    /// <param name="blob">The output blob, or null when inline.</param>
    /// <param name="kernel">The assignment's kernel.</param>
    /// <returns>The task result.</returns>
    public static TaskResult ToTaskResult(string taskId, uint slot, GatewayTaskStatus status, ulong fuel, byte[] output, GatewayTaskOutputBlob? blob, string kernel)
    {
        var resultStatus = status switch
        {
            GatewayTaskStatus.Ok => TaskResultStatus.Ok,
            GatewayTaskStatus.OutOfFuel or GatewayTaskStatus.MemoryLimit => TaskResultStatus.OpBudgetExceeded,
            GatewayTaskStatus.Deadline => TaskResultStatus.DeadlinePassed,
            _ => TaskResultStatus.BadParams,
        };
        KernelOutput? kernelOutput = null;
        if (resultStatus == TaskResultStatus.Ok)
        {
            var writer = new CborWriter(CborConformanceMode.Canonical);
            writer.WriteStartArray(1);
            writer.WriteByteString(blob is null ? SHA256.HashData(output) : Convert.FromHexString(blob.Sha256));
            writer.WriteEndArray();
            kernelOutput = new OpaqueKernelOutput(writer.Encode());
        }

        return new TaskResult(taskId, slot, kernel, resultStatus, fuel, kernelOutput);
    }
}
