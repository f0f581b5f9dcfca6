using EdgeCompute.Firmware.Core.Agent;
using EdgeCompute.Firmware.Core.Buffering;
using EdgeCompute.Firmware.Simulator.Sensors;
using EdgeCompute.Firmware.Simulator.Transport;

namespace EdgeCompute.Firmware.Simulator.Fleet;

/// <summary>Settings of a <see cref="FleetSimulator"/>; checked when the simulator is built.</summary>
public sealed class FleetSimulatorOptions
{
    /// <summary>Gets or sets the fleet seed; a random one (logged and reported) when null.</summary>
    public int? Seed { get; set; }

    /// <summary>Gets or sets how often every device is ticked by <see cref="FleetSimulator.RunAsync"/> (default 250 ms).</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets or sets the broker host for every device, overriding the identities' hosts when set.</summary>
    public string? BrokerHost { get; set; }

    /// <summary>Gets or sets the broker port for every device, overriding the identities' ports when set.</summary>
    public int? BrokerPort { get; set; }

    /// <summary>Gets or sets how many devices connect at once in <see cref="FleetSimulator.StartAsync"/> (default 16).</summary>
    public int ConnectConcurrency { get; set; } = 16;

    /// <summary>
    /// Gets or sets how many devices are ticked at once in a step (default 1: one after the other). A device's publish
    /// blocks until its PUBACK, as on a board; with windows aligned to the clock every device seals in the same step, so a
    /// large fleet needs several at once to keep its schedule. Above 1, ticks run on the thread pool: give it at least
    /// this many threads (<see cref="ThreadPool.SetMinThreads"/>) so the blocked publishes cannot starve the MQTT I/O.
    /// </summary>
    public int TickConcurrency { get; set; } = 1;

    /// <summary>Gets or sets the agents' sample interval in ms (default 1000).</summary>
    public int SampleIntervalMs { get; set; } = 1000;

    /// <summary>Gets or sets the agents' window length in ms (default 60000).</summary>
    public int WindowLengthMs { get; set; } = 60000;

    /// <summary>Gets or sets whether agents send raw samples instead of window summaries.</summary>
    public bool RawSamples { get; set; }

    /// <summary>Gets or sets the agents' ring size in bytes (default 16384).</summary>
    public int RingCapacityBytes { get; set; } = 16384;

    /// <summary>
    /// Gets or sets the bytes each agent's ring allocates at first (default 256); it grows up to
    /// <see cref="RingCapacityBytes"/> when frames wait, and keeps and evicts exactly as a preallocated ring. 0 preallocates
    /// the whole ring, as a board does. Thousands of simulated devices seldom hold more than a frame or two each.
    /// </summary>
    public int RingInitialBytes { get; set; } = 256;

    /// <summary>
    /// Gets or sets after how many publishing rounds the simulator compacts its heap, once they have all ended (default
    /// 1,000: about once a window from 1,000 devices up; 0 never). See <see cref="HeapCompaction"/>.
    /// </summary>
    public int HeapCompactionRounds { get; set; } = 1000;

    /// <summary>Gets or sets how many tasks an agent queues (default 2).</summary>
    public int TaskQueueCapacity { get; set; } = 2;

    /// <summary>Gets the sensor fault rates of every device.</summary>
    public SensorFaultOptions SensorFaults { get; } = new();

    /// <summary>Gets the transport settings of every device (identity, host and port are filled in per device).</summary>
    public MqttDeviceTransportOptions Transport { get; } = new();

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public void Validate()
    {
        if (TickInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("FleetSimulatorOptions.TickInterval must be positive");
        }

        if (BrokerPort is < 1 or > 65535)
        {
            throw new ArgumentException("FleetSimulatorOptions.BrokerPort must be 1..65535");
        }

        if (ConnectConcurrency < 1)
        {
            throw new ArgumentException("FleetSimulatorOptions.ConnectConcurrency must be at least 1");
        }

        if (TickConcurrency is < 1 or > 4096)
        {
            throw new ArgumentException("FleetSimulatorOptions.TickConcurrency must be 1..4096");
        }

        if (HeapCompactionRounds < 0)
        {
            throw new ArgumentException("FleetSimulatorOptions.HeapCompactionRounds must be 0 or more");
        }

        if (RingInitialBytes != 0 && RingInitialBytes <= FrameRing.RecordHeaderSize)
        {
            throw new ArgumentException("FleetSimulatorOptions.RingInitialBytes must be 0 or more than 9");
        }

        SensorFaults.Validate();
        AgentOptions("dev-check", new byte[32]).Validate();
    }

    /// <summary>Builds the agent settings of one device.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <param name="key">The device key.</param>
    /// <param name="topics">The device's topics, shared with its link; built from the id when null.</param>
    /// <returns>The agent settings.</returns>
    internal DeviceAgentOptions AgentOptions(string deviceId, byte[] key, DeviceTopics? topics = null) => new()
    {
        DeviceId = deviceId,
        Topics = topics,
        Key = key,
        SampleIntervalMs = SampleIntervalMs,
        WindowLengthMs = WindowLengthMs,
        RawSamples = RawSamples,
        RingCapacityBytes = RingCapacityBytes,
        RingInitialBytes = Math.Min(RingInitialBytes, RingCapacityBytes),
        TaskQueueCapacity = TaskQueueCapacity,
        Platform = "sim",
        RamBytes = 520 * 1024,
        CpuMhz = 240,
    };
}
