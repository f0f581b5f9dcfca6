using EdgeCompute.Firmware.Core.Agent;

namespace EdgeCompute.Firmware.Simulator.Behaviours;

/// <summary>A bad radio: refuses a share of publishes before they reach the broker (the agent keeps those frames).</summary>
internal sealed class FlakyLinkTransport : IDeviceTransport
{
    private readonly IDeviceTransport _inner;
    private readonly double _refusalRate;
    private readonly Random _random;

    public FlakyLinkTransport(IDeviceTransport inner, double refusalRate, Random random)
    {
        _inner = inner;
        _refusalRate = refusalRate;
        _random = random;
    }

    public long PublishesRefused { get; private set; }

    public bool IsConnected => _inner.IsConnected;

    public bool Publish(string topic, byte[] payload, int offset, int count, bool retain)
    {
        if (_inner.IsConnected && _random.NextDouble() < _refusalRate)
        {
            PublishesRefused++;
            return false;
        }

        return _inner.Publish(topic, payload, offset, count, retain);
    }
}
