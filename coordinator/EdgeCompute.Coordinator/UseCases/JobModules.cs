using EdgeCompute.Coordinator.Domain.Blobs;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;
using EdgeCompute.Coordinator.Reexecution;
using EdgeCompute.Coordinator.Storage.Blobs;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Wasm.Host.Running;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>
/// A WebAssembly job's module and a task's input as the coordinator needs them to compile or re-execute itself: inline
/// in the spec or the task, or read from the blob store for a job by hash.
/// </summary>
/// <param name="blobs">The blob store, or null (then only inline modules and inputs are had).</param>
internal sealed class JobModules(IBlobStore? blobs)
{
    private readonly IBlobStore? _blobs = blobs;

    /// <summary>The module of a job's spec: inline, or read from the blob store for a job by hash; null when it has none (or its bytes are gone).</summary>
    internal async Task<byte[]?> ModuleOfAsync(JobSpec spec, CancellationToken cancellationToken) =>
        JobKinds.Of(spec).WasmModule(spec)
        ?? (spec is WasmMapJobSpec { ModuleSha256: { } hash } ? await ReadBlobAsync(hash, cancellationToken).ConfigureAwait(false) : null);

    /// <summary>
    /// Runs a gateway task's module on its input as a gateway would (<see cref="WasmReexecutor"/>, on the thread pool; call it
    /// outside the work lock: a run may take seconds).
    /// </summary>
    /// <param name="parameters">The task's parameters.</param>
    /// <param name="spec">Its job's spec.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>How the run ended, or the compile failure's message; null when the module or the input is not held.</returns>
    internal async Task<(RunResult? Run, string? CompileProblem)?> ReExecuteAsync(KernelParameters parameters, JobSpec spec, CancellationToken cancellationToken)
    {
        if (await RunnableAsync(parameters, spec, cancellationToken).ConfigureAwait(false) is not { } runnable)
        {
            return null;
        }

        return await Task.Run(
            () => WasmReexecutor.Shared.Run(runnable.Module, runnable.Input.Span, runnable.Fuel, runnable.MemoryBytes, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

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

    /// <summary>Whether the blob store holds a blob of that hash at that size (a result naming its output by hash).</summary>
    /// <param name="sha256">The hash, lowercase hex.</param>
    /// <param name="size">The size the result names.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Whether it is held.</returns>
    internal async Task<bool> HoldsAsync(string sha256, ulong size, CancellationToken cancellationToken) =>
        _blobs is not null && await _blobs.FindAsync(sha256, cancellationToken).ConfigureAwait(false) is { } manifest && (ulong)manifest.Size == size;

    private async Task<byte[]?> ReadBlobAsync(string sha256, CancellationToken cancellationToken)
    {
        if (_blobs is null || !BlobHash.IsValid(sha256) || await _blobs.FindAsync(sha256, cancellationToken).ConfigureAwait(false) is not { } manifest)
        {
            return null;
        }

        return await _blobs.ReadAsync(sha256, 0, checked((int)manifest.Size), cancellationToken).ConfigureAwait(false);
    }
}
