using EdgeCompute.Firmware.Core.Agent;

namespace EdgeCompute.Firmware.Core.Tests.Agent;

internal sealed record PublishedMessage(string Topic, byte[] Payload, bool Retain);

internal sealed class FakeTransport : IDeviceTransport
{
    public bool Connected { get; set; } = true;

    /// <summary>How many of the next publishes fail (the broker refuses them).</summary>
    public int FailNext { get; set; }

    public List<PublishedMessage> Published { get; } = [];

    public bool IsConnected => Connected;

    public bool Publish(string topic, byte[] payload, int offset, int count, bool retain)
    {
        if (!Connected)
        {
            return false;
        }

        if (FailNext > 0)
        {
            FailNext--;
            return false;
        }

        Published.Add(new PublishedMessage(topic, payload[offset..(offset + count)], retain));
        return true;
    }

    public IEnumerable<PublishedMessage> On(string suffix) => Published.Where(m => m.Topic.EndsWith(suffix, StringComparison.Ordinal));
}
