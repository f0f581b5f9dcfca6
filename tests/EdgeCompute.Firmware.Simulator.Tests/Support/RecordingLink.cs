using EdgeCompute.Firmware.Simulator.Transport;

namespace EdgeCompute.Firmware.Simulator.Tests.Support;

/// <summary>An in-memory link that records every accepted publish in order; a dropped link comes back at once.</summary>
internal sealed class RecordingLink : IDeviceLink
{
    private readonly List<RecordedPublish> _published = [];
    private IDeviceLinkListener? _listener;

    public RecordingLink(MqttDeviceTransportOptions options)
    {
        DeviceId = options.DeviceId;
    }

    public string DeviceId { get; }

    public bool IsConnected { get; set; }

    public long ConnectAttempts { get; private set; }

    public long Drops { get; private set; }

    public IReadOnlyList<RecordedPublish> Published => _published;

    /// <summary>Gets or sets what runs before each publish is accepted (a test looks at the disk at that moment).</summary>
    public Action<RecordedPublish>? BeforePublish { get; set; }

    public void Bind(IDeviceLinkListener listener) => _listener = listener;

    public Task<bool> ConnectAsync(CancellationToken cancellationToken = default)
    {
        ConnectAttempts++;
        IsConnected = true;
        return Task.FromResult(true);
    }

    public void DropConnection()
    {
        Drops++;
        ConnectAttempts++;
        _listener!.OnConnected();
    }

    public bool Publish(string topic, byte[] payload, int offset, int count, bool retain)
    {
        if (!IsConnected)
        {
            return false;
        }

        var publish = new RecordedPublish(topic, payload.AsSpan(offset, count).ToArray(), retain);
        BeforePublish?.Invoke(publish);
        _published.Add(publish);
        return true;
    }

    public Task<bool> PublishAsync(string topic, byte[] payload, int offset, int count, bool retain) =>
        Task.FromResult(Publish(topic, payload, offset, count, retain));

    public void DeliverTask(byte[] assignment) => _listener!.OnTaskMessage(assignment, 0, assignment.Length);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>One publish the link accepted.</summary>
internal sealed record RecordedPublish(string Topic, byte[] Payload, bool Retain);
