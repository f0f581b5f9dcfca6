namespace EdgeCompute.Gateway.Bridges;

/// <summary>
/// A bridge's counts, safe to read from any thread. <see cref="Dropped"/> counts events lost to the bridge's bounded
/// queue (drop-oldest) — the bridge's own loss, never the gateway's: the outbox and uplink do not see the bridge.
/// </summary>
public sealed class BridgeCounters
{
    private long _posted;
    private long _dropped;
    private long _published;
    private long _publishFailures;
    private long _connectFailures;
    private long _connects;
    private long _refusedCommands;
    private int _connected;

    /// <summary>Gets how many events were posted to the bridge.</summary>
    public long Posted => Interlocked.Read(ref _posted);

    /// <summary>Gets how many events the full queue dropped (the oldest first).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Gets how many messages the bridge's broker accepted.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Gets how many publishes failed (refused, timed out, connection lost).</summary>
    public long PublishFailures => Interlocked.Read(ref _publishFailures);

    /// <summary>Gets how many connection attempts failed (broker down, slow, or refusing the credentials).</summary>
    public long ConnectFailures => Interlocked.Read(ref _connectFailures);

    /// <summary>Gets how many sessions were established.</summary>
    public long Connects => Interlocked.Read(ref _connects);

    /// <summary>Gets how many commands from the bridge's broker were refused (Sparkplug NCMD/DCMD other than a rebirth).</summary>
    public long RefusedCommands => Interlocked.Read(ref _refusedCommands);

    /// <summary>Gets whether the bridge is connected to its broker now.</summary>
    public bool Connected => Volatile.Read(ref _connected) == 1;

    internal void OnPosted() => Interlocked.Increment(ref _posted);

    internal void OnDropped() => Interlocked.Increment(ref _dropped);

    internal void OnPublished() => Interlocked.Increment(ref _published);

    internal void OnPublishFailed() => Interlocked.Increment(ref _publishFailures);

    internal void OnConnectFailed() => Interlocked.Increment(ref _connectFailures);

    internal void OnRefusedCommand() => Interlocked.Increment(ref _refusedCommands);

    internal void SetConnected(bool connected)
    {
        if (connected)
        {
            Interlocked.Increment(ref _connects);
        }

        Volatile.Write(ref _connected, connected ? 1 : 0);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"connected {Connected}, posted {Posted}, dropped {Dropped}, published {Published}, publish failures {PublishFailures}, connect failures {ConnectFailures}, refused commands {RefusedCommands}";
}
