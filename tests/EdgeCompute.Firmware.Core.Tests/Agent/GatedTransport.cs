using EdgeCompute.Firmware.Core.Agent;

namespace EdgeCompute.Firmware.Core.Tests.Agent;

/// <summary>
/// A transport whose telemetry publishes wait, as a board's wait for a PUBACK does, until the test opens the gate; the
/// birth and <c>online</c> pass at once.
/// </summary>
internal sealed class GatedTransport : IDeviceTransport
{
    private readonly object _sync = new();
    private readonly List<PublishedMessage> _published = [];

    /// <summary>Set when a telemetry publish has begun waiting.</summary>
    public ManualResetEventSlim Waiting { get; } = new();

    /// <summary>Opens the gate for every waiting and later publish.</summary>
    public ManualResetEventSlim Gate { get; } = new();

    public bool IsConnected => true;

    public IReadOnlyList<PublishedMessage> Published
    {
        get
        {
            lock (_sync)
            {
                return [.. _published];
            }
        }
    }

    public bool Publish(string topic, byte[] payload, int offset, int count, bool retain)
    {
        var message = new PublishedMessage(topic, payload[offset..(offset + count)], retain);
        if (topic.EndsWith("/tel", StringComparison.Ordinal))
        {
            Waiting.Set();
            Gate.Wait(TestContext.Current.CancellationToken);
        }

        lock (_sync)
        {
            _published.Add(message);
        }

        return true;
    }
}
