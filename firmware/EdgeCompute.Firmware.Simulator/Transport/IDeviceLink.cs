using EdgeCompute.Firmware.Core.Agent;
using EdgeCompute.Firmware.Simulator.Fleet;

namespace EdgeCompute.Firmware.Simulator.Transport;

/// <summary>
/// A virtual device's connection to its gateway broker: the agent's <see cref="IDeviceTransport"/> plus what the
/// simulator needs to drive it (connect, lose the link, count attempts). <see cref="MqttDeviceTransport"/> is the
/// real one; tests may supply their own through the <see cref="FleetSimulator"/> constructor.
/// </summary>
public interface IDeviceLink : IAsyncDeviceTransport, IAsyncDisposable
{
    /// <summary>Gets how many times a connection was attempted (the first connect and every reconnect attempt).</summary>
    long ConnectAttempts { get; }

    /// <summary>Sets who receives task messages and connect notices; call once, before <see cref="ConnectAsync"/>.</summary>
    /// <param name="listener">The receiver.</param>
    void Bind(IDeviceLinkListener listener);

    /// <summary>
    /// Makes the first connection attempt and waits for its outcome. When it fails the link keeps retrying in the
    /// background with backoff.
    /// </summary>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>Whether the link is connected.</returns>
    Task<bool> ConnectAsync(CancellationToken cancellationToken = default);

    /// <summary>Loses the link abruptly (the broker publishes the will); the link reconnects by itself with backoff.</summary>
    void DropConnection();
}
