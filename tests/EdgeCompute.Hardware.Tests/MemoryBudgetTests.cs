using EdgeCompute.Firmware.Core.Agent;

namespace EdgeCompute.Hardware.Tests;

/// <summary>The managed heap the device agent takes, against the budget firmware/README.md states.</summary>
public sealed class MemoryBudgetTests
{
    // firmware/README.md, "Managed memory budget": the agent with default options, built once.
    internal const int AgentBudgetBytes = 56 * 1024;

    [Fact]
    public void Device_agent_with_default_options_fits_the_documented_heap_budget()
    {
        var bytes = MeasureAgentConstruction(out _);
        Assert.True(bytes <= AgentBudgetBytes, $"DeviceAgent allocates {bytes} bytes; firmware/README.md budgets {AgentBudgetBytes}");
        Assert.Contains(AgentBudgetBytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), RepositoryFiles.Read("firmware/README.md"), StringComparison.Ordinal);
    }

    [Fact]
    public void Sampling_ticks_allocate_nothing_once_the_agent_runs()
    {
        MeasureAgentConstruction(out var agent, out var clock);
        agent.Start();
        clock.Now += 1000;
        agent.Tick(); // first sample of the window
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 30; i++)
        {
            clock.Now += 1000;
            agent.Tick();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    internal static long MeasureAgentConstruction(out DeviceAgent agent) => MeasureAgentConstruction(out agent, out _);

    private static long MeasureAgentConstruction(out DeviceAgent agent, out FixedClock clock)
    {
        var options = new DeviceAgentOptions { DeviceId = "dev-budget", Key = new byte[32], Platform = "esp32" };
        var transport = new OfflineTransport();
        clock = new FixedClock { Now = 1_700_000_000_000 - (1_700_000_000_000 % 60000) + 1000 };
        var sensors = new ThreeChannels();
        var boot = new CountingBoot();
        var before = GC.GetAllocatedBytesForCurrentThread();
        agent = new DeviceAgent(options, transport, clock, sensors, boot);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private sealed class OfflineTransport : IDeviceTransport
    {
        public bool IsConnected => false;

        public bool Publish(string topic, byte[] payload, int offset, int count, bool retain) => false;
    }

    private sealed class FixedClock : IDeviceClock
    {
        public long Now { get; set; }

        public long UtcMilliseconds => Now;
    }

    private sealed class ThreeChannels : ISensorArray
    {
        public int ChannelCount => 3;

        public string ChannelName(int channel) => channel == 0 ? "temp" : channel == 1 ? "hum" : "press";

        public string Unit(int channel) => channel == 0 ? "Cel" : channel == 1 ? "%RH" : "hPa";

        public int Exponent(int channel) => -2;

        public bool TryRead(int channel, out int value)
        {
            value = 2150 + channel;
            return true;
        }
    }

    private sealed class CountingBoot : IBootCounter
    {
        private uint _boot;

        public uint NextBoot() => ++_boot;
    }
}
