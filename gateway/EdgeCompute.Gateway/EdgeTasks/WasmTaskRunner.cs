using System.Collections.Concurrent;
using EdgeCompute.Gateway.Dispatch;
using EdgeCompute.Gateway.EdgeTasks.Blobs;
using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Ids;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Wasm.Host;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Gateway.EdgeTasks;

/// <summary>
/// The gateway's task runner: runs <see cref="KernelNames.Wasm"/> assignments, and <see cref="KernelNames.WasmBlob"/>
/// ones when it has <see cref="TaskBlobs"/>, addressed to this gateway on the <see cref="EdgeTaskPool"/> and stores each
/// result in the outbox as batch item kind 6 (never evicted), so it goes upstream in the next batch, covered by the
/// batch signature.
/// </summary>
/// <remarks>
/// Refused (handed back by the dispatcher with reason 3): an assignment that does not decode, is neither kernel (or is
/// <c>wasm.blob</c> without blobs), names another device id than this gateway's, asks for more memory than
/// <c>maxMemoryBytes</c>, or names a module or input larger than the pool takes. Everything else is a result: the fuel
/// and memory come from the params, the wall-clock limit is the time left to the assignment's deadline (at most
/// <c>maxDeadline</c>); a deadline already passed is status 3 without running. A <c>wasm.blob</c> module or input that
/// cannot be fetched (403, 404, a hash mismatch after the retries) ends the task with status 7 (bad input), the reason
/// in the log; a fetch still running at the deadline, status 3. A task redelivered while it runs is not run twice.
/// Stopping cancels the running tasks and stores their results (status 9) before it completes.
/// </remarks>
public sealed class WasmTaskRunner : IGatewayTaskRunner, IAsyncDisposable
{
    private readonly EdgeTaskPool _pool;
    private readonly OutboxStore _outbox;
    private readonly string _gatewayId;
    private readonly long _maxMemoryBytes;
    private readonly TimeSpan _maxDeadline;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TaskBlobs? _blobs;
    private readonly ConcurrentDictionary<(string TaskId, uint Slot), Task> _running = new();
    private readonly CancellationTokenSource _stop = new();
    private long _started;
    private long _refused;
    private long _resultsStored;
    private long _resultsNotStored;
    private readonly Task _resumed;

    /// <summary>Creates a runner over a pool and the outbox (neither owned).</summary>
    /// <param name="pool">Runs the modules.</param>
    /// <param name="outbox">Receives the results (item kind 6).</param>
    /// <param name="gatewayId">This gateway's id; an assignment must name it as its device id.</param>
    /// <param name="maxMemoryBytes">The most linear memory an assignment may ask for.</param>
    /// <param name="maxDeadline">The longest a task may run, whatever its deadline.</param>
    /// <param name="time">The clock the deadlines are measured on.</param>
    /// <param name="logger">The log.</param>
    /// <param name="blobs">Where <c>wasm.blob</c> modules and inputs come from; null refuses <c>wasm.blob</c> assignments.</param>
    public WasmTaskRunner(EdgeTaskPool pool, OutboxStore outbox, string gatewayId, long maxMemoryBytes, TimeSpan maxDeadline, TimeProvider time, ILogger<WasmTaskRunner> logger, TaskBlobs? blobs = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(outbox);
        ProtocolId.Validate(gatewayId, "gateway id");
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _pool = pool;
        _outbox = outbox;
        _gatewayId = gatewayId;
        _maxMemoryBytes = maxMemoryBytes;
        _maxDeadline = maxDeadline;
        _time = time;
        _logger = logger;
        _blobs = blobs;
        _resumed = blobs is null ? Task.CompletedTask : ResumeOutputsAsync(blobs.Outputs);
    }

    /// <summary>Gets how many tasks were started.</summary>
    public long Started => Interlocked.Read(ref _started);

    /// <summary>Gets how many tasks were refused (handed back).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Gets how many results the outbox stored.</summary>
    public long ResultsStored => Interlocked.Read(ref _resultsStored);

    /// <summary>Gets how many results the outbox could not store (full of results and batches, or closed).</summary>
    public long ResultsNotStored => Interlocked.Read(ref _resultsNotStored);

    /// <summary>Gets how many tasks are running or queued.</summary>
    public int Running => _running.Count;

    /// <inheritdoc/>
    public Task<bool> TryStartAsync(CoordinatorTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (_stop.IsCancellationRequested
            || !TaskAssignmentCodec.Decode(task.Assignment).TryGetValue(out var assignment)
            || assignment.DeviceId != _gatewayId
            || !Takes(assignment.Parameters))
        {
            Interlocked.Increment(ref _refused);
            return Task.FromResult(false);
        }

        var key = (assignment.TaskId, assignment.Slot);
        lock (_running)
        {
            if (!_running.ContainsKey(key))
            {
                Interlocked.Increment(ref _started);
                _running[key] = RunAsync(assignment);
            }
        }

        return Task.FromResult(true);
    }

    /// <summary>Whether this gateway runs these params: its kernel, within its memory, module and input limits (checked before any fetch).</summary>
    private bool Takes(KernelParameters parameters) => parameters switch
    {
        WasmParameters wasm => wasm.MemoryBytes <= (ulong)_maxMemoryBytes,
        WasmBlobParameters blob => _blobs is not null
            && blob.MemoryBytes <= (ulong)_maxMemoryBytes
            && blob.ModuleSize <= (ulong)Math.Min(_pool.MaxModuleBytes, BlobLimits.MaxModuleBytes)
            && blob.InputSize <= (ulong)Math.Min(_pool.DefaultLimits.MaxInputBytes, BlobLimits.MaxInputBytes),
        _ => false,
    };

    /// <summary>Cancels the running tasks and waits until their results are stored.</summary>
    /// <returns>Completes when every task has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Task[] running;
        lock (_running)
        {
            running = [.. _running.Values];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        await _resumed.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(TaskAssignment assignment)
    {
        await Task.Yield();
        try
        {
            var deadline = DateTimeOffset.FromUnixTimeMilliseconds(assignment.DeadlineMs);
            var result = deadline - _time.GetUtcNow() <= TimeSpan.Zero
                ? EdgeTaskResult.Failed(assignment.TaskId, EdgeTaskReasonCode.Deadline, "the deadline passed before the task started")
                : assignment.Parameters switch
                {
                    WasmParameters wasm => await RunOnPoolAsync(
                        new EdgeTaskRequest(assignment.TaskId, wasm.Module, wasm.Input, Convert.ToHexStringLower(wasm.ModuleHash.Span)),
                        wasm.Fuel, wasm.MemoryBytes, ProtocolLimits.MaxTaskAssignmentBytes, deadline).ConfigureAwait(false),
                    WasmBlobParameters blob => await RunBlobAsync(assignment.TaskId, blob, deadline).ConfigureAwait(false),
                    _ => throw new InvalidOperationException("refused in TryStartAsync"),
                };

            await StoreAsync(assignment, result).ConfigureAwait(false);
        }
        finally
        {
            lock (_running)
            {
                _running.TryRemove((assignment.TaskId, assignment.Slot), out _);
            }
        }
    }

    private async Task<EdgeTaskResult> RunBlobAsync(string taskId, WasmBlobParameters parameters, DateTimeOffset deadline)
    {
        using var atDeadline = new CancellationTokenSource(Max(deadline - _time.GetUtcNow(), TimeSpan.FromMilliseconds(1)), _time);
        var moduleHash = Convert.ToHexStringLower(parameters.ModuleHash.Span);
        var compiled = _pool.HasCompiled(moduleHash);
        var result = await RunBlobOnceAsync(taskId, parameters, compiled, deadline, atDeadline.Token).ConfigureAwait(false);
        if (compiled && result.ReasonCode == EdgeTaskReasonCode.BadInput && !_pool.HasCompiled(moduleHash))
        {
            // Evicted from the compiled modules between the check and the run: once more, with the bytes.
            result = await RunBlobOnceAsync(taskId, parameters, moduleCompiled: false, deadline, atDeadline.Token).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<EdgeTaskResult> RunBlobOnceAsync(string taskId, WasmBlobParameters parameters, bool moduleCompiled, DateTimeOffset deadline, CancellationToken atDeadline)
    {
        var materials = await WasmBlobMaterials.GetAsync(_blobs!, taskId, parameters, moduleCompiled, atDeadline, _stop.Token).ConfigureAwait(false);
        if (materials.Failure is { } failure)
        {
            return failure;
        }

        return deadline - _time.GetUtcNow() <= TimeSpan.Zero
            ? EdgeTaskResult.Failed(taskId, EdgeTaskReasonCode.Deadline, "the deadline passed while the module and input were fetched", materials.ModuleHash)
            : await RunOnPoolAsync(
                new EdgeTaskRequest(taskId, materials.Module, materials.Input, materials.ModuleHash),
                parameters.Fuel, parameters.MemoryBytes, _pool.DefaultLimits.MaxInputBytes, deadline).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a request with the params' fuel and memory, the time left to the deadline (at most the gateway's), and outputs
    /// that fit item kind 6 — or, with blobs, up to 4 MiB (larger than <see cref="OutputUploads.InlineLimit"/> they go as blobs).
    /// </summary>
    private Task<EdgeTaskResult> RunOnPoolAsync(EdgeTaskRequest request, ulong fuel, ulong memoryBytes, int maxInputBytes, DateTimeOffset deadline)
    {
        var left = Max(deadline - _time.GetUtcNow(), TimeSpan.FromMilliseconds(1));
        var limits = new EdgeTaskLimits(
            fuel,
            (long)memoryBytes,
            left < _maxDeadline ? left : _maxDeadline,
            maxInputBytes,
            Math.Min(_pool.DefaultLimits.MaxOutputBytes, _blobs is null ? GatewayTaskResultItem.MaxOutputBytes : GatewayTaskResultItem.MaxBlobOutputBytes));
        return _pool.RunAsync(request with { Limits = limits }, _stop.Token);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private async Task StoreAsync(TaskAssignment assignment, EdgeTaskResult result)
    {
        var item = new GatewayTaskResultItem(assignment.TaskId, assignment.Slot, ToStatus(result.ReasonCode), result.FuelConsumed, result.IsSuccess ? result.Output : ReadOnlyMemory<byte>.Empty);
        if (result.IsSuccess)
        {
            _logger.LogInformation("Gateway task {TaskId}/{Slot} done: {Fuel} fuel, {Bytes} output bytes", assignment.TaskId, assignment.Slot, result.FuelConsumed, result.Output.Length);
        }
        else
        {
            _logger.LogInformation("Gateway task {TaskId}/{Slot} ended {Reason}: {Message}", assignment.TaskId, assignment.Slot, result.ReasonCode, result.Message);
        }

        if (item.Status == GatewayTaskStatus.Ok && item.Output.Length > OutputUploads.InlineLimit && _blobs is not null)
        {
            try
            {
                // Uploaded first; the item (kind 7) is queued only once the coordinator holds the blob.
                if (await _blobs.Outputs.SendAsync(item.TaskId, item.Slot, item.Fuel, item.Output, QueueAsync, _stop.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException)
            {
                _logger.LogWarning(e, "Gateway task {TaskId}/{Slot}: output not uploaded; kept for the next start if it was written", assignment.TaskId, assignment.Slot);
            }

            return;
        }

        if (item.Output.Length > GatewayTaskResultItem.MaxOutputBytes)
        {
            item = item with { Status = GatewayTaskStatus.BadOutput, Output = ReadOnlyMemory<byte>.Empty };
        }

        if (await QueueAsync(item).ConfigureAwait(false))
        {
            return;
        }

        _logger.LogWarning("Gateway task {TaskId}/{Slot}: result not stored; the coordinator's deadline reissues it", assignment.TaskId, assignment.Slot);
    }

    private async Task ResumeOutputsAsync(OutputUploads outputs)
    {
        await Task.Yield();
        try
        {
            await outputs.ResumeAsync(QueueAsync, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            _logger.LogWarning(e, "Pending outputs not all taken up; the rest wait for the next start");
        }
    }

    /// <summary>Appends a result item to the outbox; true when stored.</summary>
    private async Task<bool> QueueAsync(GatewayTaskResultItem item)
    {
        try
        {
            var appended = await _outbox.AppendGatewayTaskResultAsync(item).ConfigureAwait(false);
            if (appended.Outcome == AppendOutcome.Stored)
            {
                Interlocked.Increment(ref _resultsStored);
                return true;
            }

            _logger.LogWarning("Gateway task {TaskId}/{Slot}: result not stored, the outbox is full", item.TaskId, item.Slot);
        }
        catch (Exception e) when (e is TimeoutException or ObjectDisposedException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            _logger.LogWarning(e, "Gateway task {TaskId}/{Slot}: result not stored", item.TaskId, item.Slot);
        }

        Interlocked.Increment(ref _resultsNotStored);
        return false;
    }

    private static GatewayTaskStatus ToStatus(EdgeTaskReasonCode code) => code switch
    {
        EdgeTaskReasonCode.Ok => GatewayTaskStatus.Ok,
        EdgeTaskReasonCode.OutOfFuel => GatewayTaskStatus.OutOfFuel,
        EdgeTaskReasonCode.MemoryLimit => GatewayTaskStatus.MemoryLimit,
        EdgeTaskReasonCode.Deadline => GatewayTaskStatus.Deadline,
        EdgeTaskReasonCode.Trap => GatewayTaskStatus.Trap,
        EdgeTaskReasonCode.Malformed => GatewayTaskStatus.Malformed,
        EdgeTaskReasonCode.BadOutput => GatewayTaskStatus.BadOutput,
        EdgeTaskReasonCode.BadInput => GatewayTaskStatus.BadInput,
        EdgeTaskReasonCode.QueueFull => GatewayTaskStatus.QueueFull,
        _ => GatewayTaskStatus.Cancelled,
    };
}
