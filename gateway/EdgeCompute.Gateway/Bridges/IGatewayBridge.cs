namespace EdgeCompute.Gateway.Bridges;

/// <summary>
/// A bridge that republishes what the gateway stored to another system's broker (Home Assistant, Sparkplug B). The one
/// seam between the gateway and its bridges: the gateway posts <see cref="BridgeEvent"/>s, which must return at once;
/// the bridge keeps its own bounded queue and its own connection, and never touches the outbox or the device broker.
/// A bridge is registered with one line in the service (<c>services.AddHomeAssistantBridge()</c>, …) and is off unless
/// its options enable it.
/// </summary>
public interface IGatewayBridge : IAsyncDisposable
{
    /// <summary>Gets the bridge's name, for logs and counters (<c>home-assistant</c>, <c>sparkplug</c>).</summary>
    string Name { get; }

    /// <summary>Gets whether the bridge's options turn it on; a bridge that is off is never started.</summary>
    bool IsEnabled { get; }

    /// <summary>Gets the bridge's counters.</summary>
    BridgeCounters Counters { get; }

    /// <summary>Queues one event; returns at once (a full queue drops its oldest event, counted). Never throws.</summary>
    /// <param name="bridgeEvent">What the gateway stored.</param>
    void Post(BridgeEvent bridgeEvent);

    /// <summary>Starts the bridge's loop (connecting, publishing); returns at once, also when its broker is unreachable.</summary>
    /// <param name="context">The gateway the bridge runs in.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>Completes when the loop runs.</returns>
    Task StartAsync(BridgeContext context, CancellationToken cancellationToken = default);
}
