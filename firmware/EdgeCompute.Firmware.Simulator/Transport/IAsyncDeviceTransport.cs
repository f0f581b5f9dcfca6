using EdgeCompute.Firmware.Core.Agent;

namespace EdgeCompute.Firmware.Simulator.Transport;

/// <summary>
/// An <see cref="IDeviceTransport"/> that can also publish without holding a thread while the PUBACK is awaited: the
/// simulator publishes every device's frames this way (<see cref="DeviceAgent.BeginPublish"/> /
/// <see cref="DeviceAgent.EndPublish"/>), so ten thousand devices need no thread each.
/// </summary>
public interface IAsyncDeviceTransport : IDeviceTransport
{
    /// <summary>
    /// Publishes <paramref name="count"/> bytes of <paramref name="payload"/> at QoS 1. Completes with true when the broker
    /// accepted the message, false when it refused it, the link is down or the PUBACK did not come in time; does not
    /// throw for those. The bytes must stay unchanged until the task completes.
    /// </summary>
    /// <param name="topic">The topic.</param>
    /// <param name="payload">The buffer holding the payload.</param>
    /// <param name="offset">The payload's first byte.</param>
    /// <param name="count">The payload's length.</param>
    /// <param name="retain">Whether the broker retains the message.</param>
    /// <returns>Whether the broker accepted the message.</returns>
    Task<bool> PublishAsync(string topic, byte[] payload, int offset, int count, bool retain);
}
