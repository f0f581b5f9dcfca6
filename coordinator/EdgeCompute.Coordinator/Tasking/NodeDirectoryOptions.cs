namespace EdgeCompute.Coordinator.Tasking;

/// <summary>Settings of <see cref="NodeDirectory"/>.</summary>
public sealed class NodeDirectoryOptions
{
    /// <summary>Gets or sets how many tasks a device holds at once (its task queue; the firmware runs one at a time).</summary>
    public int DeviceTaskSlots { get; set; } = 2;

    /// <summary>Gets or sets the most WASM tasks a gateway holds at once, whatever its cores.</summary>
    public int MaxGatewayTaskSlots { get; set; } = 8;

    /// <summary>
    /// Gets or sets how many WASM tasks a gateway holds beyond its idle cores (waiting in its edge-task queue, default 64
    /// places), so a worker that finishes a task starts the next at once instead of waiting for its result to travel up,
    /// be recorded and the scheduler to pass again. Default 4; 0 issues exactly one task per idle core. Deeper queues pay
    /// off for short tasks and cost long ones their tail: the last tasks of a job may wait behind up to this many others
    /// on one gateway while another idles. Measured on tasks under 0.1 s with results waiting for the gateway's 1 s batch
    /// age (docs/performance.md): 100 tasks in 75 s with 0 and 27 s with 2; 200 tasks in 45.6 s with 2, 29 s with 4, 19.3 s
    /// with 8.
    /// </summary>
    public int GatewayQueuedTaskSlots { get; set; } = 4;

    /// <summary>
    /// Gets or sets how long an online gateway may stay silent (no birth, state, status or batch) before the coordinator
    /// takes it for dead: offline, its devices with it, and their open assignments reissued. Default 75 s: the broker's
    /// 1.5 × the gateway's 30 s MQTT keep-alive, plus one 30 s status interval (a gateway sends a status batch at least
    /// that often, <c>BatchingOptions.StatusInterval</c>). Keep it above the gateways' status interval.
    /// </summary>
    public TimeSpan GatewaySilenceLimit { get; set; } = TimeSpan.FromSeconds(75);

    /// <summary>Checks the settings.</summary>
    /// <returns>The first problem as <c>Setting: reason</c>, or null when they are valid.</returns>
    public string? Validate() =>
        DeviceTaskSlots < 1 ? $"{nameof(DeviceTaskSlots)} must be at least 1, found {DeviceTaskSlots}"
        : MaxGatewayTaskSlots < 1 ? $"{nameof(MaxGatewayTaskSlots)} must be at least 1, found {MaxGatewayTaskSlots}"
        : GatewayQueuedTaskSlots is < 0 or > 64 ? $"{nameof(GatewayQueuedTaskSlots)} must be 0 to 64, found {GatewayQueuedTaskSlots}"
        : GatewaySilenceLimit <= TimeSpan.Zero ? $"{nameof(GatewaySilenceLimit)} must be positive, found {GatewaySilenceLimit}"
        : null;
}
