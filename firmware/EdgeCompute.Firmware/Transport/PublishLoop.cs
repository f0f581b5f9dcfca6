using System.Threading;
using EdgeCompute.Firmware.Core.Agent;
using EdgeCompute.Firmware.Core.Frames;

namespace EdgeCompute.Firmware.Transport;

/// <summary>
/// The board's broker thread: keeps the MQTT session up (connect attempts block here, with their backoff) and publishes
/// what the agent has due, each publish waiting for its PUBACK. Sampling runs on the main thread meanwhile; the agent's
/// ring holds every sealed frame until its PUBACK arrived.
/// </summary>
public sealed class PublishLoop
{
    private readonly DeviceAgent _agent;
    private readonly M2MqttDeviceTransport _transport;
    private readonly int _idleMs;
    private readonly byte[] _buffer = new byte[ProtocolLimits.MaxDevicePayload];

    /// <summary>Creates the loop and its publish buffer (allocated once).</summary>
    /// <param name="agent">The started agent.</param>
    /// <param name="transport">The board's MQTT transport.</param>
    /// <param name="idleMs">How long to sleep when nothing is due.</param>
    public PublishLoop(DeviceAgent agent, M2MqttDeviceTransport transport, int idleMs)
    {
        _agent = agent;
        _transport = transport;
        _idleMs = idleMs;
    }

    /// <summary>Runs forever: reconnects when the session is down, publishes what is due, sleeps when idle.</summary>
    public void Run()
    {
        while (true)
        {
            if (!_transport.IsConnected && _transport.MaintainConnection())
            {
                _agent.OnConnected();
            }

            _agent.Publish(_buffer);
            Thread.Sleep(_idleMs);
        }
    }
}
