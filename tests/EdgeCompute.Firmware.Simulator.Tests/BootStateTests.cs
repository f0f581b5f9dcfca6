using System.Text.Json;
using EdgeCompute.Firmware.Simulator.Devices;
using EdgeCompute.Firmware.Simulator.Fleet;
using EdgeCompute.Firmware.Simulator.Platform;
using EdgeCompute.Firmware.Simulator.Tests.Support;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Tests;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Firmware.Simulator.Tests;

/// <summary>The simulated devices' boot counters in the fleet's state file: kept across runs, reserved before use, locked per gateway.</summary>
public sealed class BootStateTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("ec-sim-state-").FullName;

    [Fact]
    public async Task A_second_run_of_the_same_fleet_boots_every_device_one_higher()
    {
        var fleet = Fleet(TestSeed.Pick(1401), 4);

        var first = await RunOnceAsync(fleet, fleet);
        var second = await RunOnceAsync(fleet, fleet);

        Assert.All(first.Values, boot => Assert.Equal(1u, boot));
        Assert.All(second.Values, boot => Assert.Equal(2u, boot));
    }

    [Fact]
    public async Task The_boot_is_on_disk_before_the_first_frame_of_that_boot_is_sent()
    {
        var fleet = Fleet(TestSeed.Pick(1402), 2);
        using var state = SimulatorStateFile.Open(_data, fleet, fleet);
        var (simulator, clock, links) = Simulator(fleet, state);
        var onDisk = new List<(uint FrameBoot, uint StoredBoot)>();
        foreach (var link in links.Values)
        {
            link.BeforePublish = publish =>
            {
                if (publish.Topic.EndsWith("/state", StringComparison.Ordinal))
                {
                    return;
                }

                var frame = DeviceFrameCodec.Decode(publish.Payload).Value;
                onDisk.Add((frame.Boot, StoredBoot(state.Path, frame.DeviceId)));
            };
        }

        await simulator.StartAsync(TestContext.Current.CancellationToken);
        await simulator.AdvanceAsync(TimeSpan.FromSeconds(30), clock.Advance, TestContext.Current.CancellationToken);
        simulator.Devices[0].Reboot();
        await simulator.AdvanceAsync(TimeSpan.FromSeconds(30), clock.Advance, TestContext.Current.CancellationToken);
        await simulator.DisposeAsync();

        Assert.Contains(onDisk, f => f.FrameBoot == 2);
        Assert.All(onDisk, f => Assert.True(f.StoredBoot >= f.FrameBoot, $"a frame of boot {f.FrameBoot} went out while the file said {f.StoredBoot}"));
    }

    [Fact]
    public void A_second_simulator_of_the_same_gateway_is_refused_while_another_gateway_may_run()
    {
        var fleet = Fleet(TestSeed.Pick(1403), 4, gateways: 2);
        var gw1 = fleet.Where(d => d.GatewayId == "gw-01").ToArray();
        var gw2 = fleet.Where(d => d.GatewayId == "gw-02").ToArray();
        using var first = SimulatorStateFile.Open(_data, fleet, gw1);

        var refused = Assert.Throws<SimulatorStateLockedException>(() => SimulatorStateFile.Open(_data, fleet, fleet));
        using var other = SimulatorStateFile.Open(_data, fleet, gw2);
        other.Reserve([.. gw2.Select(d => d.DeviceId)]);
        first.Reserve([.. gw1.Select(d => d.DeviceId)]);

        Assert.Contains("gw-01", refused.Message, StringComparison.Ordinal);
        Assert.Equal(first.Path, other.Path);
        Assert.All(fleet, d => Assert.Equal(1u, StoredBoot(first.Path, d.DeviceId))); // both processes' boots in the one file
    }

    [Fact]
    public void The_lock_is_released_with_the_state_file()
    {
        var fleet = Fleet(TestSeed.Pick(1404), 2);
        SimulatorStateFile.Open(_data, fleet, fleet).Dispose();

        using var again = SimulatorStateFile.Open(_data, fleet, fleet);

        Assert.Equal(0u, again.Last(fleet[0].DeviceId));
    }

    [Fact]
    public void A_damaged_state_file_is_refused_naming_the_file()
    {
        var fleet = Fleet(TestSeed.Pick(1405), 2);
        string path;
        using (var state = SimulatorStateFile.Open(_data, fleet, fleet))
        {
            state.Reserve([fleet[0].DeviceId]);
            path = state.Path;
        }

        File.WriteAllText(path, "{\"fleet\": \"");

        var damaged = Assert.Throws<InvalidDataException>(() => SimulatorStateFile.Open(_data, fleet, fleet));
        Assert.Contains(path, damaged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fleet_is_known_by_its_devices_and_keys_in_any_order()
    {
        var fleet = Fleet(TestSeed.Pick(1406), 3);
        var reprovisioned = Fleet(TestSeed.Pick(1406) + 1, 3);

        Assert.Equal(SimulatorStateFile.Fingerprint(fleet), SimulatorStateFile.Fingerprint(fleet.Reverse()));
        Assert.NotEqual(SimulatorStateFile.Fingerprint(fleet), SimulatorStateFile.Fingerprint(reprovisioned));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }
    }

    private async Task<Dictionary<string, uint>> RunOnceAsync(IReadOnlyList<DeviceFile> fleet, IReadOnlyList<DeviceFile> simulated)
    {
        using var state = SimulatorStateFile.Open(_data, fleet, simulated);
        var (simulator, clock, links) = Simulator(simulated, state);
        await simulator.StartAsync(TestContext.Current.CancellationToken);
        await simulator.AdvanceAsync(TimeSpan.FromSeconds(5), clock.Advance, TestContext.Current.CancellationToken);
        await simulator.DisposeAsync();
        return links.ToDictionary(l => l.Key, l => DeviceFrameCodec.Decode(l.Value.Published[0].Payload).Value.Boot, StringComparer.Ordinal);
    }

    private static (FleetSimulator Simulator, FakeTimeProvider Clock, Dictionary<string, RecordingLink> Links) Simulator(IReadOnlyList<DeviceFile> devices, IBootStore boots)
    {
        var clock = new FakeTimeProvider(Fleets.Start);
        var links = new Dictionary<string, RecordingLink>(StringComparer.Ordinal);
        var simulator = new FleetSimulator(devices.Select(SimulatedDeviceIdentity.FromDeviceFile), Fleets.Options(7), null, clock, linkFactory: o =>
        {
            var link = new RecordingLink(o);
            links.Add(o.DeviceId, link);
            return link;
        }, boots: boots);
        return (simulator, clock, links);
    }

    private static uint StoredBoot(string path, string deviceId)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("boots").TryGetProperty(deviceId, out var boot) ? boot.GetUInt32() : 0;
    }

    private static DeviceFile[] Fleet(int seed, int devices, int gateways = 1)
    {
        var random = new Random(seed);
        return Enumerable.Range(1, devices).Select(i =>
        {
            var key = new byte[32];
            random.NextBytes(key);
            return new DeviceFile($"dev-{i:D4}", "owner-01", $"gw-{((i - 1) % gateways) + 1:D2}", Convert.ToHexStringLower(key), "localhost");
        }).ToArray();
    }
}
