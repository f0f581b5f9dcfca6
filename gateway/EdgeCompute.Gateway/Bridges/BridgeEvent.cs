namespace EdgeCompute.Gateway.Bridges;

/// <summary>Something the gateway stored that the bridges republish: a window, a device's state, a device's birth.</summary>
public abstract record BridgeEvent;
