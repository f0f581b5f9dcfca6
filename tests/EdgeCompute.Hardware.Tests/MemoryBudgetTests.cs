using EdgeCompute.Firmware.Core.Agent;
using EdgeCompute.Tests;

namespace EdgeCompute.Hardware.Tests;

/// <summary>The managed heap the device agent takes, against the budget firmware/README.md states.</summary>
public sealed class MemoryBudgetTests
{
    // firmware/README.md, "Managed memory budget": the agent with default options, built once.
    internal const int AgentBudgetBytes = 56 * 1024;

    [Fact]
    public void Device_agent_with_default_options_fits_the_documented_heap_budget()
    {
        // One construction per measured window (its options, clock and peers made once, outside); the first window within
        // the budget decides (Allocations.Measure).
        var options = Options();
        var clock = new FixedClock { Now = Start };
        var transport = new OfflineTransport();
        var sensors = new ThreeChannels();
        var boot = new CountingBoot();
        DeviceAgent? agent = null;
        var bytes = Allocations.Measure(_ => agent = new DeviceAgent(options, transport, clock, sensors, boot), limit: AgentBudgetBytes);
        Assert.NotNull(agent);
        TestContext.Current.TestOutputHelper?.WriteLine($"DeviceAgent with default options: {bytes} bytes");
        Assert.True(bytes <= AgentBudgetBytes, $"DeviceAgent allocates {bytes} bytes; firmware/README.md budgets {AgentBudgetBytes}");
        Assert.Contains(AgentBudgetBytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), RepositoryFiles.Read("firmware/README.md"), StringComparison.Ordinal);
    }

    [Fact]
    public void Sampling_ticks_allocate_nothing_once_the_agent_runs()
    {
        // An hour-long window: the warm-up and every measured window are sampling ticks, none closes a window.
        const int WindowLengthMs = 3_600_000;
        var (agent, clock) = Build(WindowLengthMs);
        agent.Start();
        clock.Now += 1000;
        agent.Tick(); // first sample of the window
        var windowEnd = clock.Now - (clock.Now % WindowLengthMs) + WindowLengthMs;

        Allocations.AssertNone(
            _ =>
            {
                clock.Now += 1000;
                agent.Tick();
            },
            calls: 30);

        Assert.True(clock.Now < windowEnd, "every measured tick stayed inside the first window");
    }

    private const long Start = 1_700_000_000_000 - (1_700_000_000_000 % 60000) + 1000;

    private static DeviceAgentOptions Options() => new() { DeviceId = "dev-budget", Key = new byte[32], Platform = "esp32" };

    private static (DeviceAgent Agent, FixedClock Clock) Build(int windowLengthMs)
    {
        var options = Options();
        options.WindowLengthMs = windowLengthMs;
        var clock = new FixedClock { Now = Start };
        return (new DeviceAgent(options, new OfflineTransport(), clock, new ThreeChannels(), new CountingBoot()), clock);
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
