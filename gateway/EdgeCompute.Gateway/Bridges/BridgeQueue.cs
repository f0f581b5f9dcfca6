using System.Threading.Channels;

namespace EdgeCompute.Gateway.Bridges;

/// <summary>A bridge's own bounded queue: posting never waits; when full, the oldest event is dropped and counted.</summary>
internal sealed class BridgeQueue
{
    private readonly Channel<BridgeEvent> _channel;
    private readonly BridgeCounters _counters;

    public BridgeQueue(int capacity, BridgeCounters counters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _counters = counters;
        _channel = Channel.CreateBounded<BridgeEvent>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => counters.OnDropped());
    }

    public ChannelReader<BridgeEvent> Reader => _channel.Reader;

    public void Post(BridgeEvent bridgeEvent)
    {
        if (_channel.Writer.TryWrite(bridgeEvent))
        {
            _counters.OnPosted();
        }
    }

    public void Complete() => _channel.Writer.TryComplete();
}
