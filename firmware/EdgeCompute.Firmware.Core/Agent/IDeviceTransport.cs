namespace EdgeCompute.Firmware.Core.Agent;

/// <summary>
/// The agent's view of the MQTT connection to the gateway broker (M2Mqtt on the ESP32, MQTTnet in the simulator).
/// </summary>
/// <remarks>
/// The transport owns the session: it connects with user name = device id and the password from
/// <c>DeviceCredential.Derive</c>, registers the will (<c>ec/v1/d/{id}/state</c>, payload <c>offline</c>, QoS 1,
/// retained), subscribes to <c>ec/v1/d/{id}/task</c> and hands each message to
/// <see cref="DeviceAgent.OnTaskMessage"/>. It reconnects by itself; the agent notices and republishes its birth
/// and <c>online</c>. All publishes are QoS 1.
/// </remarks>
public interface IDeviceTransport
{
    /// <summary>Gets whether the broker session is up.</summary>
    bool IsConnected { get; }

    /// <summary>
    /// Publishes <paramref name="count"/> bytes of <paramref name="payload"/> at QoS 1. Must not throw: a failure
    /// returns false and the agent keeps the frame for a later attempt. The bytes may be reused after the call.
    /// </summary>
    /// <param name="topic">The topic.</param>
    /// <param name="payload">The buffer holding the payload.</param>
    /// <param name="offset">The payload's first byte.</param>
    /// <param name="count">The payload's length.</param>
    /// <param name="retain">Whether the broker retains the message.</param>
    /// <returns>Whether the broker accepted the message.</returns>
    bool Publish(string topic, byte[] payload, int offset, int count, bool retain);
}
