using EdgeCompute.Firmware.Simulator;
using EdgeCompute.Firmware.Simulator.Behaviours;
using EdgeCompute.Firmware.Simulator.Fleet;
using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Cli.Demo;

/// <summary>
/// The demo's fleet: provisioned like <c>edgecompute provision fleet</c>, written to <c>DATA/fleet</c>, with one large
/// owner (about 40 % of the devices), a researcher (the last device owner) who pays for the jobs, an operator per gateway
/// owning no device, and a seeded mix of
/// behaviours: cheaters, lazy devices, flaky links and rebooting devices.
/// </summary>
internal sealed class DemoFleet
{
    private DemoFleet(ProvisionedFleet fleet, string folder, IReadOnlyList<int> gatewayPorts, SimulationPlan plan)
    {
        Fleet = fleet;
        Folder = folder;
        GatewayPorts = gatewayPorts;
        Plan = plan;
    }

    public ProvisionedFleet Fleet { get; }

    public string Folder { get; }

    public IReadOnlyList<int> GatewayPorts { get; }

    public SimulationPlan Plan { get; }

    public string LargeOwner => Fleet.Coordinator.Owners[0].Id;

    public string Researcher => Fleet.Coordinator.Owners[Fleet.Coordinator.Owners.Count - Fleet.Coordinator.Gateways.Count - 1].Id;

    public IEnumerable<string> DevicesWith(DeviceBehavior behavior) =>
        Plan.Explicit.Where(p => p.Value.HasFlag(behavior)).Select(p => p.Key).Order(StringComparer.Ordinal);

    public static DemoFleet Create(DemoSettings settings, IList<string> notes)
    {
        var ports = PickGatewayPorts(settings, notes);
        // Device owners first (one large one, the researcher last), then one operator per gateway who owns no device: a
        // gateway's owner may hold no replica beside the devices it relays, so operators that also owned devices would
        // leave some tie-breaking replicas a single diverse node to run on (one lazy device could stall a job).
        var provisioned = FleetProvisioner.Create(new FleetSpec(settings.Owners + settings.Gateways, settings.Gateways, settings.Devices) { GatewayHost = "127.0.0.1" });
        var owners = provisioned.Coordinator.Owners;
        string OwnerOf(int index) => index % 5 < 2 ? owners[0].Id : owners[index % settings.Owners].Id;
        string OperatorOf(int gateway) => owners[settings.Owners + gateway].Id;
        var devices = provisioned.Coordinator.Devices.Select((d, i) => d with { OwnerId = OwnerOf(i) }).ToList();
        var gatewayIndex = provisioned.Coordinator.Gateways.Select((g, i) => (g.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var fleet = new ProvisionedFleet(
            provisioned.Coordinator with { Devices = devices, Gateways = [.. provisioned.Coordinator.Gateways.Select((g, i) => g with { OwnerId = OperatorOf(i) })] },
            [.. provisioned.Gateways.Select(g => g with { OwnerId = OperatorOf(gatewayIndex[g.GatewayId]), DeviceBrokerPort = ports[gatewayIndex[g.GatewayId]] })],
            [.. provisioned.Devices.Select((d, i) => d with { OwnerId = OwnerOf(i), GatewayPort = ports[gatewayIndex[d.GatewayId]] })]);
        var folder = Path.Combine(settings.DataFolder, "fleet");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        FleetFiles.Write(fleet, folder);
        return new DemoFleet(fleet, folder, ports, Behaviours(fleet, settings.Seed));
    }

    private static SimulationPlan Behaviours(ProvisionedFleet fleet, int seed)
    {
        var plan = new SimulationPlan
        {
            CheatRate = 1,
            PublishRefusalRate = 0.1,
            DisconnectsPerHour = 120,
            RebootsPerHour = 150,
            RebootLosesPower = true,
        };
        var ids = fleet.Devices.Select(d => d.DeviceId).Order(StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(ids);
        var n = ids.Length;
        var counts = new (DeviceBehavior Behavior, int Count)[]
        {
            (DeviceBehavior.Cheater, Math.Max(1, n / 10)),
            (DeviceBehavior.Lazy, Math.Max(1, n / 12)),
            (DeviceBehavior.FlakyLink, Math.Max(1, n / 12)),
            (DeviceBehavior.Reboots, Math.Min(2, Math.Max(1, n / 12))),
        };
        var next = 0;
        foreach (var (behavior, count) in counts)
        {
            for (var i = 0; i < count && next < n; i++)
            {
                plan.Explicit[ids[next++]] = behavior;
            }
        }

        while (next < n)
        {
            plan.Explicit[ids[next++]] = DeviceBehavior.Honest;
        }

        return plan;
    }

    private static int[] PickGatewayPorts(DemoSettings settings, IList<string> notes)
    {
        var ports = new int[settings.Gateways];
        for (var i = 0; i < ports.Length; i++)
        {
            var wanted = settings.FirstGatewayPort == 0 ? 0 : settings.FirstGatewayPort + i;
            ports[i] = Ports.Pick(wanted, $"gateway {i + 1} device broker", notes);
        }

        return ports;
    }
}
