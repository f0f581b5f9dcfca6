using System.Threading.Channels;
using EdgeCompute.Gateway.DeviceBroker;
using EdgeCompute.Gateway.Ingest;
using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Ids;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Protocol.Topics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeCompute.Gateway.Dispatch;

/// <summary>
/// Hands verified coordinator tasks on. A device-targeted task goes, byte for byte, QoS 1 on
/// <c>ec/v1/d/{device}/task</c> (injected into the embedded broker) — but only to a device attached to this gateway,
/// online, and whose birth lists the kernel; otherwise it is handed back at once as a task-returned item (batch item
/// kind 5) through the outbox, so it goes upstream in the next batch. A sent task waits for its result frame (matched by
/// task id and slot) until the assignment's deadline on the injected clock; past it, or when its device goes offline,
/// disconnects or reboots, it is handed back for reissue. Gateway-targeted tasks (empty target) go to the
/// <see cref="IGatewayTaskRunner"/>; with none configured they are handed back refused.
/// </summary>
/// <remarks>
/// Device presence comes from the broker: <see cref="DeviceBrokerServer.DeviceMessageStored"/> (births and states the
/// outbox holds, and results) and the MQTT server's disconnect event. Pending tasks live in memory: after a restart a
/// late result still goes upstream as a frame, and the coordinator's own deadline covers the rest.
/// </remarks>
public sealed partial class TaskDispatcher : IAsyncDisposable
{
    private readonly DeviceBrokerServer _broker;
    private readonly OutboxStore _outbox;
    private readonly string _gatewayId;
    private readonly IGatewayTaskRunner? _runner;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly Dictionary<string, DevicePresence> _devices;
    private readonly Dictionary<PendingTaskKey, PendingTask> _pending = [];
    private readonly HashSet<Task> _returning = [];
    private bool _disposed;

    /// <summary>Creates the dispatcher and starts following the broker's devices.</summary>
    /// <param name="broker">The embedded device broker (births, states and results in; assignments out).</param>
    /// <param name="outbox">The outbox that carries handed-back tasks upstream.</param>
    /// <param name="gatewayId">This gateway's id (names gateway tasks handed back).</param>
    /// <param name="attachedDevices">The devices of this gateway (from its gateway file).</param>
    /// <param name="runner">Runs gateway tasks; null hands them back refused.</param>
    /// <param name="time">The clock deadlines are tracked on.</param>
    /// <param name="logger">The logger.</param>
    public TaskDispatcher(
        DeviceBrokerServer broker,
        OutboxStore outbox,
        string gatewayId,
        IEnumerable<string> attachedDevices,
        IGatewayTaskRunner? runner = null,
        TimeProvider? time = null,
        ILogger<TaskDispatcher>? logger = null)
    {
        _broker = broker ?? throw new ArgumentNullException(nameof(broker));
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        ProtocolId.Validate(gatewayId, "gateway id");
        ArgumentNullException.ThrowIfNull(attachedDevices);
        _gatewayId = gatewayId;
        _runner = runner;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _devices = attachedDevices.ToDictionary(id => id, _ => new DevicePresence(), StringComparer.Ordinal);
        _broker.DeviceMessageStored += OnDeviceMessageStored;
        _broker.Server.ClientDisconnectedAsync += OnClientDisconnectedAsync;
    }

    /// <summary>Gets the count of every dispatch event.</summary>
    public OutcomeCounter<DispatchEvent> Events { get; } = new();

    /// <summary>Gets how many tasks were sent to devices and wait for their result.</summary>
    public int PendingTasks
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Whether an attached device is online as far as the broker has seen.</summary>
    /// <param name="deviceId">The device.</param>
    /// <returns>True when its last state was <c>online</c> and it has not disconnected since.</returns>
    public bool IsOnline(string deviceId)
    {
        lock (_gate)
        {
            return _devices.TryGetValue(deviceId, out var device) && device.Online;
        }
    }

    /// <summary>Reads coordinator tasks and dispatches each until cancelled (cancellation is a normal stop).</summary>
    /// <param name="tasks">Verified coordinator tasks (the uplink's <c>Tasks</c>).</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <returns>A task that completes when the loop ends.</returns>
    public async Task RunAsync(ChannelReader<CoordinatorTask> tasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var task = await tasks.ReadAsync(cancellationToken).ConfigureAwait(false);
                await DispatchAsync(task, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (ChannelClosedException)
            {
                break;
            }
        }
    }

    /// <summary>Dispatches one verified coordinator task (see the class summary for the rules).</summary>
    /// <param name="task">The task.</param>
    /// <param name="cancellationToken">Cancels the wait for the broker or the outbox.</param>
    /// <returns>What happened; a task handed back is durably in the outbox unless the event is <see cref="DispatchEvent.ReturnNotStored"/>.</returns>
    public async Task<DispatchResult> DispatchAsync(CoordinatorTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (string.IsNullOrEmpty(task.Target))
        {
            return await DispatchGatewayTaskAsync(task, cancellationToken).ConfigureAwait(false);
        }

        if (!TaskAssignmentCodec.Decode(task.Assignment).TryGetValue(out var assignment))
        {
            return Malformed(task);
        }

        var key = new PendingTaskKey(assignment.TaskId, assignment.Slot);
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(assignment.DeadlineMs);
        var refusal = Check(task.Target, assignment, deadline, out var pending);
        if (refusal is { } refused)
        {
            return refused.Event == DispatchEvent.DuplicateTask
                ? Count(refused)
                : await ReturnAsync(new TaskReturnedItem(key.TaskId, key.Slot, task.Target, refused.ReturnReason!.Value), refused, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(ProtocolTopics.Device(task.Target, DeviceTopicKind.Task))
                .WithPayload(task.Assignment.ToArray())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            await _broker.Server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = _gatewayId }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            // The broker is stopping: the device cannot get it.
            if (Forget(pending!))
            {
                var result = new DispatchResult(DispatchEvent.ReturnedOffline, TaskReturnReason.DeviceOffline, e.Message);
                return await ReturnAsync(new TaskReturnedItem(key.TaskId, key.Slot, task.Target, TaskReturnReason.DeviceOffline), result, cancellationToken).ConfigureAwait(false);
            }

            return new DispatchResult(DispatchEvent.ReturnedDeviceWentOffline, TaskReturnReason.DeviceOffline, e.Message);
        }

        _logger.LogDebug("Sent task {TaskId}/{Slot} ({Kernel}) to {DeviceId}, deadline {Deadline}", key.TaskId, key.Slot, assignment.Kernel, task.Target, deadline);
        return Count(new DispatchResult(DispatchEvent.Delivered));
    }

    /// <summary>Stops following the broker, cancels the deadline timers and waits for handed-back tasks to reach the outbox.</summary>
    /// <returns>A task that completes when done.</returns>
    public async ValueTask DisposeAsync()
    {
        Task[] returning;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _broker.DeviceMessageStored -= OnDeviceMessageStored;
            _broker.Server.ClientDisconnectedAsync -= OnClientDisconnectedAsync;
            foreach (var pending in _pending.Values)
            {
                pending.Timer?.Dispose();
            }

            returning = [.. _returning];
        }

        await Task.WhenAll(returning).ConfigureAwait(false);
    }

    /// <summary>Decides under the lock whether the task may go to its device; registers it as pending when it may.</summary>
    private DispatchResult? Check(string target, TaskAssignment assignment, DateTimeOffset deadline, out PendingTask? pending)
    {
        pending = null;
        lock (_gate)
        {
            if (!_devices.TryGetValue(target, out var device))
            {
                return new(DispatchEvent.ReturnedUnknownDevice, TaskReturnReason.DeviceRefused, $"{target} is not attached to {_gatewayId}");
            }

            if (assignment.DeviceId != target)
            {
                return new(DispatchEvent.ReturnedNotCapable, TaskReturnReason.DeviceRefused, $"the assignment names {assignment.DeviceId}, the target is {target}");
            }

            if (!device.Online)
            {
                return new(DispatchEvent.ReturnedOffline, TaskReturnReason.DeviceOffline, $"{target} is offline");
            }

            if (!device.Kernels.Contains(assignment.Kernel))
            {
                return new(DispatchEvent.ReturnedNotCapable, TaskReturnReason.DeviceRefused, $"{target} does not list kernel {assignment.Kernel}");
            }

            var key = new PendingTaskKey(assignment.TaskId, assignment.Slot);
            if (_pending.ContainsKey(key))
            {
                return new(DispatchEvent.DuplicateTask, null, $"{key.TaskId}/{key.Slot} is already pending");
            }

            var due = deadline - _time.GetUtcNow();
            if (due <= TimeSpan.Zero)
            {
                return new(DispatchEvent.ReturnedDeadlinePassed, TaskReturnReason.DeadlinePassed, $"deadline {deadline:O} already passed");
            }

            pending = new PendingTask(key, target, deadline);
            _pending.Add(key, pending);
            pending.Timer = _time.CreateTimer(static state => ((TaskDispatcher)((object[])state!)[0]).OnDeadline((PendingTask)((object[])state)[1]), new object[] { this, pending }, due, Timeout.InfiniteTimeSpan);
            return null;
        }
    }

    private async Task<DispatchResult> DispatchGatewayTaskAsync(CoordinatorTask task, CancellationToken cancellationToken)
    {
        if (_runner is not null && await _runner.TryStartAsync(task, cancellationToken).ConfigureAwait(false))
        {
            return Count(new DispatchResult(DispatchEvent.GatewayTaskStarted));
        }

        if (!TaskAssignmentCodec.Decode(task.Assignment).TryGetValue(out var assignment))
        {
            return Malformed(task);
        }

        var result = _runner is null
            ? new DispatchResult(DispatchEvent.ReturnedNoRunner, TaskReturnReason.DeviceRefused, "no gateway task runner is configured")
            : new DispatchResult(DispatchEvent.ReturnedRunnerRefused, TaskReturnReason.DeviceRefused, "the gateway task runner refused it");
        return await ReturnAsync(new TaskReturnedItem(assignment.TaskId, assignment.Slot, _gatewayId, TaskReturnReason.DeviceRefused), result, cancellationToken).ConfigureAwait(false);
    }

    private DispatchResult Malformed(CoordinatorTask task)
    {
        _logger.LogWarning("Dropped a coordinator task for {Target}: its assignment does not decode", task.Target.Length == 0 ? _gatewayId : task.Target);
        return Count(new DispatchResult(DispatchEvent.MalformedTask, null, "assignment does not decode"));
    }

    private DispatchResult Count(DispatchResult result)
    {
        Events.Increment(result.Event);
        return result;
    }

    /// <summary>Removes a pending task and its timer; false when it was no longer pending.</summary>
    private bool Forget(PendingTask pending)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue(pending.Key, out var current) || !ReferenceEquals(current, pending))
            {
                return false;
            }

            _pending.Remove(pending.Key);
            pending.Timer?.Dispose();
            return true;
        }
    }

    /// <summary>Appends the handed-back task to the outbox, then counts it: a returned event is counted only once durable.</summary>
    private async Task<DispatchResult> ReturnAsync(TaskReturnedItem item, DispatchResult result, CancellationToken cancellationToken)
    {
        try
        {
            var appended = await _outbox.AppendTaskReturnedAsync(item, cancellationToken).ConfigureAwait(false);
            if (appended.IsDurable)
            {
                _logger.LogInformation(
                    "Handed task {TaskId}/{Slot} of {DeviceId} back for reissue: {Reason} ({Detail})", item.TaskId, item.Slot, item.DeviceId, item.Reason, result.Detail);
                return Count(result);
            }

            _logger.LogError("Outbox full: task {TaskId}/{Slot} of {DeviceId} could not be handed back ({Reason})", item.TaskId, item.Slot, item.DeviceId, item.Reason);
        }
        catch (Exception e) when (e is TimeoutException or ObjectDisposedException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException or ArgumentException)
        {
            _logger.LogError(e, "Outbox failed: task {TaskId}/{Slot} of {DeviceId} could not be handed back ({Reason})", item.TaskId, item.Slot, item.DeviceId, item.Reason);
        }

        return Count(result with { Event = DispatchEvent.ReturnNotStored });
    }

    /// <summary>Hands tasks back from a callback (timer, broker event), tracked so disposal waits for them.</summary>
    private void ReturnInBackground(IEnumerable<PendingTask> tasks, DispatchEvent what, TaskReturnReason reason, string detail)
    {
        foreach (var pending in tasks)
        {
            var item = new TaskReturnedItem(pending.Key.TaskId, pending.Key.Slot, pending.DeviceId, reason);
            lock (_gate)
            {
                if (_disposed)
                {
                    Count(new DispatchResult(DispatchEvent.ReturnNotStored, reason, "dispatcher stopped"));
                    continue;
                }

                var returning = ReturnAsync(item, new DispatchResult(what, reason, detail), CancellationToken.None);
                _returning.Add(returning);
                _ = returning.ContinueWith(
                    (t, state) =>
                    {
                        var self = (TaskDispatcher)state!;
                        lock (self._gate)
                        {
                            self._returning.Remove(t);
                        }
                    },
                    this,
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
    }

    private void OnDeadline(PendingTask pending)
    {
        if (Forget(pending))
        {
            ReturnInBackground([pending], DispatchEvent.ReturnedDeadlinePassed, TaskReturnReason.DeadlinePassed, $"no result by {pending.Deadline:O}");
        }
    }
}
