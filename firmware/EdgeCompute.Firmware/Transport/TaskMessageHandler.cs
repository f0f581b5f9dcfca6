namespace EdgeCompute.Firmware.Transport;

/// <summary>Receives a message from the device's task topic (a non-generic delegate: nanoFramework 1.x has no generics).</summary>
/// <param name="payload">The message bytes.</param>
/// <param name="offset">The first byte.</param>
/// <param name="count">The length.</param>
/// <returns>Whether the assignment was queued.</returns>
public delegate bool TaskMessageHandler(byte[] payload, int offset, int count);
