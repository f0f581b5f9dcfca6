using EdgeCompute.Coordinator.Domain.Blobs;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Tasking;

public sealed partial class WorkEngine
{
    /// <summary>The module of a job's spec: inline, or read from the blob store for a job by hash; null when it has none (or its bytes are gone).</summary>
    private async Task<byte[]?> ModuleOfAsync(JobSpec spec, CancellationToken cancellationToken) =>
        JobKinds.Of(spec).WasmModule(spec)
        ?? (spec is WasmMapJobSpec { ModuleSha256: { } hash } ? await ReadBlobAsync(hash, cancellationToken).ConfigureAwait(false) : null);

    /// <summary>
    /// What re-executing a gateway task takes — module, input, fuel and memory — from a <c>wasm</c> task's parameters and its
    /// job's spec, or from a <c>wasm.blob</c> task's hashes and the blob store; null when any of it cannot be had.
    /// </summary>
    private async Task<(byte[] Module, ReadOnlyMemory<byte> Input, ulong Fuel, ulong MemoryBytes)?> RunnableAsync(KernelParameters parameters, JobSpec spec,
        CancellationToken cancellationToken)
    {
        switch (parameters)
        {
            case WasmParameters wasm when await ModuleOfAsync(spec, cancellationToken).ConfigureAwait(false) is { } module:
                return (module, wasm.Input, wasm.Fuel, wasm.MemoryBytes);
            case WasmBlobParameters blob:
                var blobModule = await ReadBlobAsync(Convert.ToHexStringLower(blob.ModuleHash.Span), cancellationToken).ConfigureAwait(false);
                var input = blob.InputByHash ? await ReadBlobAsync(Convert.ToHexStringLower(blob.InputHash.Span), cancellationToken).ConfigureAwait(false) : blob.InlineInput.ToArray();
                return blobModule is null || input is null ? null : (blobModule, input, blob.Fuel, blob.MemoryBytes);
            default:
                return null;
        }
    }

    private async Task<byte[]?> ReadBlobAsync(string sha256, CancellationToken cancellationToken)
    {
        if (Blobs is null || !BlobHash.IsValid(sha256) || await Blobs.FindAsync(sha256, cancellationToken).ConfigureAwait(false) is not { } manifest)
        {
            return null;
        }

        return await Blobs.ReadAsync(sha256, 0, checked((int)manifest.Size), cancellationToken).ConfigureAwait(false);
    }
}
