using EdgeCompute.Firmware.Simulator.Transport;

namespace EdgeCompute.Firmware.Simulator.Tests.Support;

/// <summary>
/// An in-memory link whose telemetry publishes wait for their PUBACK until the test releases them (a slow gateway);
/// births, states and results are accepted at once. Records what was accepted, in order.
/// </summary>
internal sealed class HeldLink : IDeviceLink
{
    private readonly object _sync = new();
    private readonly List<RecordedPublish> _published = [];
    private readonly Queue<(RecordedPublish Publish, TaskCompletionSource<bool> Ack)> _held = new();

    public HeldLink(MqttDeviceTransportOptions options)
    {
        DeviceId = options.DeviceId;
    }

    public string DeviceId { get; }

    public bool IsConnected => true;

    public long ConnectAttempts { get; private set; }

    public int Held
    {
        get
        {
            lock (_sync)
            {
                return _held.Count;
            }
        }
    }

    public IReadOnlyList<RecordedPublish> Published
    {
        get
        {
            lock (_sync)
            {
                return [.. _published];
            }
        }
    }

    public void Bind(IDeviceLinkListener listener)
    {
    }

    public Task<bool> ConnectAsync(CancellationToken cancellationToken = default)
    {
        ConnectAttempts++;
        return Task.FromResult(true);
    }

    public void DropConnection()
    {
    }

    public bool Publish(string topic, byte[] payload, int offset, int count, bool retain) =>
        throw new InvalidOperationException("the simulator publishes asynchronously");

    public Task<bool> PublishAsync(string topic, byte[] payload, int offset, int count, bool retain)
    {
        var publish = new RecordedPublish(topic, payload.AsSpan(offset, count).ToArray(), retain);
        lock (_sync)
        {
            if (!topic.EndsWith("/tel", StringComparison.Ordinal))
            {
                _published.Add(publish);
                return Task.FromResult(true);
            }

            var ack = new TaskCompletionSource<bool>();
            _held.Enqueue((publish, ack));
            return ack.Task;
        }
    }

    /// <summary>Sends the PUBACK of every held publish (the next ones the device sends are held again).</summary>
    /// <returns>How many were released.</returns>
    public int ReleaseAll()
    {
        List<TaskCompletionSource<bool>> acks = [];
        lock (_sync)
        {
            while (_held.TryDequeue(out var held))
            {
                _published.Add(held.Publish);
                acks.Add(held.Ack);
            }
        }

        foreach (var ack in acks)
        {
            ack.SetResult(true);
        }

        return acks.Count;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
