using EdgeCompute.Coordinator.Domain.Blobs;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;

/// <summary>
/// Plans a by-hash <see cref="WasmMapJobSpec"/>: one gateway <c>wasm.blob</c> task per input, carrying the module's hash
/// and size and the input's — or the input itself, inline, when it is one of the resolved small inputs
/// (<see cref="WasmMapBlobs.SmallInputs"/>).
/// </summary>
internal static class WasmMapBlobPlan
{
    public static IReadOnlyList<PlannedTask> Plan(string jobId, WasmMapJobSpec spec)
    {
        var blobs = spec.Blobs ?? throw new InvalidOperationException("a wasm-map job by hash is planned only once its blobs are resolved from the blob store");
        var module = spec.ModuleSha256!;
        var moduleHash = BlobHash.ToBytes(module);
        var inputs = spec.InputSha256!;
        var tasks = new PlannedTask[inputs.Count];
        for (var i = 0; i < tasks.Length; i++)
        {
            var inline = blobs.SmallInputs?.GetValueOrDefault(inputs[i]);
            var parameters = inline is null
                ? new WasmBlobParameters(moduleHash, (ulong)blobs.Module.Length, BlobHash.ToBytes(inputs[i]), (ulong)blobs.InputSizes[i], ReadOnlyMemory<byte>.Empty,
                    spec.Fuel, spec.MemoryBytes)
                : new WasmBlobParameters(moduleHash, (ulong)blobs.Module.Length, ReadOnlyMemory<byte>.Empty, (ulong)inline.Length, inline, spec.Fuel, spec.MemoryBytes);
            tasks[i] = new PlannedTask(JobPlanner.TaskId(jobId, i), i, parameters, TaskTarget.Gateway, null, spec.Fuel)
            {
                BlobHashes = inline is null ? [module, inputs[i]] : [module],
            };
        }

        return tasks;
    }
}
