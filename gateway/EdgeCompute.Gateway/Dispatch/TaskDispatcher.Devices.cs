using EdgeCompute.Gateway.DeviceBroker;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Protocol.Topics;
using Microsoft.Extensions.Logging;
using MQTTnet.Server;

namespace EdgeCompute.Gateway.Dispatch;

/// <content>Following the broker's devices: births (kernels, boot), states and disconnects (online), results (pending tasks cleared).</content>
public sealed partial class TaskDispatcher
{
    private void OnDeviceMessageStored(StoredDeviceMessage message)
    {
        try
        {
            switch (message.Kind)
            {
                case DeviceTopicKind.State:
                    OnState(message);
                    break;
                case DeviceTopicKind.Birth:
                    OnBirth(message);
                    break;
                case DeviceTopicKind.Res:
                    OnResult(message);
                    break;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // The broker must carry on whatever a device sent; ingest already checked the bytes.
            _logger.LogWarning(e, "Could not follow a {Kind} message of {DeviceId}", message.Kind, message.DeviceId);
        }
    }

    private void OnState(StoredDeviceMessage message)
    {
        if (!StatePayload.Decode(message.Payload).TryGetValue(out var state))
        {
            return;
        }

        if (state == ConnectionState.Online)
        {
            lock (_gate)
            {
                if (_devices.TryGetValue(message.DeviceId, out var device))
                {
                    device.Online = true;
                }
            }

            return;
        }

        WentOffline(message.DeviceId, "it published offline");
    }

    private void OnBirth(StoredDeviceMessage message)
    {
        if (!DeviceFrameCodec.Decode(message.Payload).TryGetValue(out var frame) || !DeviceBirthCodec.Decode(frame.Body).TryGetValue(out var birth))
        {
            return;
        }

        List<PendingTask> lost = [];
        lock (_gate)
        {
            if (!_devices.TryGetValue(message.DeviceId, out var device))
            {
                return;
            }

            // A new boot lost whatever the device held in memory.
            if (device.Boot is { } boot && boot != frame.Boot)
            {
                lost = TakePending(message.DeviceId);
            }

            device.Boot = frame.Boot;
            device.Kernels = new HashSet<string>(birth.Kernels, StringComparer.Ordinal);
        }

        ReturnInBackground(lost, DispatchEvent.ReturnedDeviceWentOffline, TaskReturnReason.DeviceOffline, $"{message.DeviceId} rebooted (boot {frame.Boot})");
    }

    private void OnResult(StoredDeviceMessage message)
    {
        if (!DeviceFrameCodec.Decode(message.Payload).TryGetValue(out var frame) || !TaskResultCodec.Decode(frame.Body).TryGetValue(out var result))
        {
            return;
        }

        PendingTask? pending;
        lock (_gate)
        {
            var key = new PendingTaskKey(result.TaskId, result.Slot);
            if (!_pending.TryGetValue(key, out pending) || pending.DeviceId != message.DeviceId)
            {
                pending = null;
            }
            else
            {
                _pending.Remove(key);
                pending.Timer?.Dispose();
            }
        }

        if (pending is null)
        {
            Events.Increment(DispatchEvent.ResultUnmatched);
            _logger.LogDebug("Result {TaskId}/{Slot} of {DeviceId} matches no pending task; forwarded all the same", result.TaskId, result.Slot, message.DeviceId);
            return;
        }

        Events.Increment(DispatchEvent.ResultReceived);
        _logger.LogDebug("Result {TaskId}/{Slot} of {DeviceId}: {Status}, {Ops} ops", result.TaskId, result.Slot, message.DeviceId, result.Status, result.Ops);
    }

    private Task OnClientDisconnectedAsync(ClientDisconnectedEventArgs e)
    {
        // A takeover is the same device reconnecting; it publishes its state again on the new connection.
        if (e.DisconnectType != MqttClientDisconnectType.Takeover && e.ClientId is { } id)
        {
            WentOffline(id, "it disconnected");
        }

        return Task.CompletedTask;
    }

    private void WentOffline(string deviceId, string why)
    {
        List<PendingTask> lost;
        lock (_gate)
        {
            if (!_devices.TryGetValue(deviceId, out var device))
            {
                return;
            }

            device.Online = false;
            lost = TakePending(deviceId);
        }

        ReturnInBackground(lost, DispatchEvent.ReturnedDeviceWentOffline, TaskReturnReason.DeviceOffline, $"{deviceId} went offline: {why}");
    }

    /// <summary>Removes every pending task of a device (call under the lock).</summary>
    private List<PendingTask> TakePending(string deviceId)
    {
        var lost = _pending.Values.Where(p => p.DeviceId == deviceId).ToList();
        foreach (var pending in lost)
        {
            _pending.Remove(pending.Key);
            pending.Timer?.Dispose();
        }

        return lost;
    }
}
