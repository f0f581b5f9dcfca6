using System.Collections.Concurrent;
using EdgeCompute.Gateway.Dispatch;
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
/// The gateway's task runner: runs <see cref="KernelNames.Wasm"/> assignments addressed to this gateway on the
/// <see cref="EdgeTaskPool"/> and stores each result in the outbox as batch item kind 6 (never evicted), so it goes
/// upstream in the next batch, covered by the batch signature.
/// </summary>
/// <remarks>
/// Refused (handed back by the dispatcher with reason 3): an assignment that does not decode, is not <c>wasm</c>, names
/// another device id than this gateway's, or asks for more memory than <c>maxMemoryBytes</c>. Everything else is a
/// result: the fuel and memory come from the params, the wall-clock limit is the time left to the assignment's deadline
/// (at most <c>maxDeadline</c>); a deadline already passed is status 3 without running. A task redelivered while it runs
/// is not run twice. Stopping cancels the running tasks and stores their results (status 9) before it completes.
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
    private readonly ConcurrentDictionary<(string TaskId, uint Slot), Task> _running = new();
    private readonly CancellationTokenSource _stop = new();
    private long _started;
    private long _refused;
    private long _resultsStored;
    private long _resultsNotStored;

    /// <summary>Creates a runner over a pool and the outbox (neither owned).</summary>
    /// <param name="pool">Runs the modules.</param>
    /// <param name="outbox">Receives the results (item kind 6).</param>
    /// <param name="gatewayId">This gateway's id; an assignment must name it as its device id.</param>
    /// <param name="maxMemoryBytes">The most linear memory an assignment may ask for.</param>
    /// <param name="maxDeadline">The longest a task may run, whatever its deadline.</param>
    /// <param name="time">The clock the deadlines are measured on.</param>
    /// <param name="logger">The log.</param>
    public WasmTaskRunner(EdgeTaskPool pool, OutboxStore outbox, string gatewayId, long maxMemoryBytes, TimeSpan maxDeadline, TimeProvider time, ILogger<WasmTaskRunner> logger)
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
            || assignment.Parameters is not WasmParameters parameters
            || assignment.DeviceId != _gatewayId
            || parameters.MemoryBytes > (ulong)_maxMemoryBytes)
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
                _running[key] = RunAsync(assignment, parameters);
            }
        }

        return Task.FromResult(true);
    }

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
        _stop.Dispose();
    }

    private async Task RunAsync(TaskAssignment assignment, WasmParameters parameters)
    {
        await Task.Yield();
        try
        {
            var left = DateTimeOffset.FromUnixTimeMilliseconds(assignment.DeadlineMs) - _time.GetUtcNow();
            EdgeTaskResult result;
            if (left <= TimeSpan.Zero)
            {
                result = EdgeTaskResult.Failed(assignment.TaskId, EdgeTaskReasonCode.Deadline, "the deadline passed before the task started");
            }
            else
            {
                var limits = new EdgeTaskLimits(
                    parameters.Fuel,
                    (long)parameters.MemoryBytes,
                    left < _maxDeadline ? left : _maxDeadline,
                    ProtocolLimits.MaxTaskAssignmentBytes,
                    GatewayTaskResultItem.MaxOutputBytes);
                var request = new EdgeTaskRequest(assignment.TaskId, parameters.Module, parameters.Input, Convert.ToHexStringLower(parameters.ModuleHash.Span), limits);
                result = await _pool.RunAsync(request, _stop.Token).ConfigureAwait(false);
            }

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

        try
        {
            var appended = await _outbox.AppendGatewayTaskResultAsync(item).ConfigureAwait(false);
            if (appended.Outcome == AppendOutcome.Stored)
            {
                Interlocked.Increment(ref _resultsStored);
                return;
            }

            _logger.LogWarning("Gateway task {TaskId}/{Slot}: result not stored, the outbox is full; the coordinator's deadline reissues it", assignment.TaskId, assignment.Slot);
        }
        catch (Exception e) when (e is TimeoutException or ObjectDisposedException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            _logger.LogWarning(e, "Gateway task {TaskId}/{Slot}: result not stored; the coordinator's deadline reissues it", assignment.TaskId, assignment.Slot);
        }

        Interlocked.Increment(ref _resultsNotStored);
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
