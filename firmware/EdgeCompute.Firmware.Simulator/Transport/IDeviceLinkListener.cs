namespace EdgeCompute.Firmware.Simulator.Transport;

/// <summary>What a <see cref="IDeviceLink"/> tells the device it carries: task messages and (re)connects.</summary>
public interface IDeviceLinkListener
{
    /// <summary>A message arrived on the device's task topic (called on the link's receive thread).</summary>
    /// <param name="payload">The buffer holding the message (not kept by the link after the call).</param>
    /// <param name="offset">The message's first byte.</param>
    /// <param name="count">The message's length.</param>
    void OnTaskMessage(byte[] payload, int offset, int count);

    /// <summary>The broker session is up (again) and the task topic is subscribed.</summary>
    void OnConnected();
}
