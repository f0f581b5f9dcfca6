using EdgeCompute.Firmware.Core.Agent;
using EdgeCompute.Firmware.Core.Tests.Frames;
using EdgeCompute.Firmware.Kernels;
using EdgeCompute.Tests;

namespace EdgeCompute.Firmware.Core.Tests.Agent;

/// <summary>Agents that share their sealing and task buffers, as the simulator's do.</summary>
public sealed class AgentScratchTests
{
    private const long T0 = 1764000000000;

    private static DeviceAgentOptions Options(string id, int keySeed) => new()
    {
        DeviceId = id,
        Key = Enumerable.Range(0, 32).Select(i => (byte)((i * 7) + keySeed)).ToArray(),
        SampleIntervalMs = 1000,
        WindowLengthMs = 10000,
        Platform = "sim",
    };

    private static List<PublishedMessage>[] Run(bool shared)
    {
        var clock = new FakeClock(T0);
        var scratch = shared ? new AgentScratch() : null;
        var transports = new[] { new FakeTransport(), new FakeTransport() };
        var agents = new[]
        {
            new DeviceAgent(Options("dev-0001", 1), transports[0], clock, FakeSensors.Weather(), new FakeBootCounter(3), scratch),
            new DeviceAgent(Options("dev-0002", 2), transports[1], clock, FakeSensors.Weather(), new FakeBootCounter(9), scratch),
        };
        foreach (var agent in agents)
        {
            agent.Start();
        }

        for (var s = 0; s <= 35; s++)
        {
            for (var a = 0; a < agents.Length; a++)
            {
                if (s % 7 == 3)
                {
                    var task = AssignmentBytes.Build("t" + s, 0, agents[a].DeviceId, KernelNames.PrimesCount, AssignmentBytes.UInts(1, 5000), 1_000_000, ulong.MaxValue);
                    agents[a].OnTaskMessage(task, 0, task.Length);
                }

                agents[a].Tick();
            }

            clock.Now += 1000;
        }

        return [transports[0].Published, transports[1].Published];
    }

    [Fact]
    public void Agents_sharing_one_scratch_publish_exactly_what_agents_with_their_own_publish()
    {
        var own = Run(shared: false);
        var shared = Run(shared: true);

        for (var a = 0; a < own.Length; a++)
        {
            Assert.Equal(own[a].Count, shared[a].Count);
            Assert.Contains(own[a], m => m.Topic.EndsWith("/res", StringComparison.Ordinal));
            Assert.Contains(own[a], m => m.Topic.EndsWith("/tel", StringComparison.Ordinal));
            for (var i = 0; i < own[a].Count; i++)
            {
                Assert.Equal((own[a][i].Topic, own[a][i].Retain), (shared[a][i].Topic, shared[a][i].Retain));
                Assert.Equal(own[a][i].Payload, shared[a][i].Payload);
            }
        }
    }

    [Fact]
    public void An_agent_on_a_shared_scratch_allocates_at_least_20_KB_less()
    {
        var clock = new FakeClock(T0);
        var transport = new FakeTransport();
        var sensors = FakeSensors.Weather();
        var boots = new FakeBootCounter(1);
        var options = Options("dev-0001", 1);
        var scratch = new AgentScratch();

        var own = Allocations.Measure(_ => new DeviceAgent(options, transport, clock, sensors, boots), limit: 64 * 1024);
        var shared = Allocations.Measure(_ => new DeviceAgent(options, transport, clock, sensors, boots, scratch), limit: 64 * 1024);

        TestContext.Current.TestOutputHelper?.WriteLine($"own scratch {own} bytes, shared {shared} bytes");
        Assert.True(own - shared >= 20 * 1024, $"own {own} bytes, shared {shared} bytes");
    }
}
