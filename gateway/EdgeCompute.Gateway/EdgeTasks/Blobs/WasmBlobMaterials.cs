using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Gateway.EdgeTasks.Blobs;

/// <summary>
/// What a <see cref="KernelNames.WasmBlob"/> task runs on: its module and its input, fetched by hash (or the inline
/// input), each verified against its SHA-256; or the result that ends the task instead.
/// </summary>
/// <param name="ModuleHash">The module's SHA-256 (lowercase hex).</param>
/// <param name="Module">The module's bytes; empty when the pool runs it by hash from its compiled modules.</param>
/// <param name="Input">The input's bytes.</param>
/// <param name="Failure">Why the task ends without running (the module or input could not be had); null when it can run.</param>
internal sealed record WasmBlobMaterials(string ModuleHash, ReadOnlyMemory<byte> Module, ReadOnlyMemory<byte> Input, EdgeTaskResult? Failure)
{
    /// <summary>Gets the module and the input of a task; never throws for what the coordinator or the disk does.</summary>
    /// <param name="blobs">The blob caches and fetcher.</param>
    /// <param name="taskId">The task, for the result.</param>
    /// <param name="parameters">The assignment's params.</param>
    /// <param name="moduleCompiled">
    /// True when the pool holds the module compiled already: its bytes are neither read nor fetched (it was compiled from
    /// verified bytes under this hash), only its place in the disk cache's order of use is renewed.
    /// </param>
    /// <param name="deadline">Fires at the task's deadline: a fetch still running then ends the task with status 3.</param>
    /// <param name="stop">Fires when the gateway stops: status 9.</param>
    /// <returns>The materials, or the failure.</returns>
    public static async Task<WasmBlobMaterials> GetAsync(TaskBlobs blobs, string taskId, WasmBlobParameters parameters, bool moduleCompiled, CancellationToken deadline, CancellationToken stop)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(deadline, stop);
        var moduleHash = Convert.ToHexStringLower(parameters.ModuleHash.Span);
        var moduleBytes = ReadOnlyMemory<byte>.Empty;
        if (moduleCompiled)
        {
            blobs.Modules.TryUse(moduleHash);
        }
        else
        {
            var module = await blobs.GetAsync(moduleHash, (long)parameters.ModuleSize, BlobUse.Module, either.Token).ConfigureAwait(false);
            if (!module.IsSuccess)
            {
                return Failed(moduleHash, taskId, "module", module, deadline, stop);
            }

            moduleBytes = module.Bytes;
        }

        if (!parameters.InputByHash)
        {
            return new WasmBlobMaterials(moduleHash, moduleBytes, parameters.InlineInput, null);
        }

        var inputHash = Convert.ToHexStringLower(parameters.InputHash.Span);
        var input = await blobs.GetAsync(inputHash, (long)parameters.InputSize, BlobUse.Input, either.Token).ConfigureAwait(false);
        return input.IsSuccess
            ? new WasmBlobMaterials(moduleHash, moduleBytes, input.Bytes, null)
            : Failed(moduleHash, taskId, "input", input, deadline, stop);
    }

    private static WasmBlobMaterials Failed(string moduleHash, string taskId, string what, BlobRead read, CancellationToken deadline, CancellationToken stop)
    {
        var (reason, message) = read.ReasonCode switch
        {
            BlobFetchReasonCode.Cancelled when stop.IsCancellationRequested => (EdgeTaskReasonCode.Cancelled, $"the gateway stopped while the {what} was fetched"),
            BlobFetchReasonCode.Cancelled when deadline.IsCancellationRequested => (EdgeTaskReasonCode.Deadline, $"the deadline passed while the {what} was fetched"),
            _ => (EdgeTaskReasonCode.BadInput, $"the {what} could not be had ({read.ReasonCode}): {read.Message}"),
        };
        return new WasmBlobMaterials(moduleHash, default, default, EdgeTaskResult.Failed(taskId, reason, message, moduleHash));
    }
}
