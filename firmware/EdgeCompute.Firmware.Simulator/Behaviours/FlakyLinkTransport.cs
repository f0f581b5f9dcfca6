using EdgeCompute.Firmware.Simulator.Transport;

namespace EdgeCompute.Firmware.Simulator.Behaviours;

/// <summary>A bad radio: refuses a share of publishes before they reach the broker (the agent keeps those frames).</summary>
internal sealed class FlakyLinkTransport : IAsyncDeviceTransport
{
    private readonly IAsyncDeviceTransport _inner;
    private readonly double _refusalRate;
    private readonly Random _random;

    public FlakyLinkTransport(IAsyncDeviceTransport inner, double refusalRate, Random random)
    {
        _inner = inner;
        _refusalRate = refusalRate;
        _random = random;
    }

    public long PublishesRefused { get; private set; }

    public bool IsConnected => _inner.IsConnected;

    public bool Publish(string topic, byte[] payload, int offset, int count, bool retain) =>
        !Refuses() && _inner.Publish(topic, payload, offset, count, retain);

    public Task<bool> PublishAsync(string topic, byte[] payload, int offset, int count, bool retain) =>
        Refuses() ? Task.FromResult(false) : _inner.PublishAsync(topic, payload, offset, count, retain);

    private bool Refuses()
    {
        if (_inner.IsConnected && _random.NextDouble() < _refusalRate)
        {
            PublishesRefused++;
            return true;
        }

        return false;
    }
}
