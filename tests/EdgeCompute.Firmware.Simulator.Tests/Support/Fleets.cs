using EdgeCompute.Firmware.Simulator.Devices;
using EdgeCompute.Firmware.Simulator.Fleet;
using EdgeCompute.Protocol.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Firmware.Simulator.Tests.Support;

/// <summary>Builds small fleets on a fake clock with recording links.</summary>
internal static class Fleets
{
    /// <summary>The fake clock's start: 2025-06-01 00:00 UTC, a window boundary.</summary>
    public static readonly DateTimeOffset Start = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static SimulatedDeviceIdentity[] Identities(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(1, count).Select(i =>
        {
            var key = new byte[32];
            random.NextBytes(key);
            return new SimulatedDeviceIdentity($"dev-{i:D4}", key);
        }).ToArray();
    }

    public static FleetSimulatorOptions Options(int seed) => new()
    {
        Seed = seed,
        TickInterval = TimeSpan.FromSeconds(1),
    };

    public static (FleetSimulator Fleet, FakeTimeProvider Clock, Dictionary<string, RecordingLink> Links) Recorded(
        int count, int seed, SimulationPlan? plan = null, FleetSimulatorOptions? options = null)
    {
        var clock = new FakeTimeProvider(Start);
        var links = new Dictionary<string, RecordingLink>(StringComparer.Ordinal);
        var fleet = new FleetSimulator(Identities(count, seed), options ?? Options(seed), plan, clock, linkFactory: o =>
        {
            var link = new RecordingLink(o);
            links.Add(o.DeviceId, link);
            return link;
        });
        return (fleet, clock, links);
    }

    public static byte[] PiTask(string deviceId, string taskId, ulong seed, ulong samples = 2000) =>
        TaskAssignmentCodec.Encode(new TaskAssignment(
            taskId, 0, deviceId, new MonteCarloPiParameters(seed, samples), 1_000_000, Start.AddDays(1).ToUnixTimeMilliseconds()));

    public static byte[] PrimesTask(string deviceId, string taskId, ulong from, ulong to) =>
        TaskAssignmentCodec.Encode(new TaskAssignment(
            taskId, 0, deviceId, new PrimesCountParameters(from, to), 10_000_000, Start.AddDays(1).ToUnixTimeMilliseconds()));
}
