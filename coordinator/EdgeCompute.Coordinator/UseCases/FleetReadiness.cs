using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds;
using EdgeCompute.Coordinator.Domain.Scheduling;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>
/// Whether the fleet can run a job: the registered nodes with what they announced and whether they are online, checked
/// against what the job's tasks need (<see cref="PlaceabilityCheck"/>) — at intake, against every registered node (a job
/// the fleet could never run is refused), and for the API, against the online ones (why a running job waits).
/// </summary>
public sealed class FleetReadiness
{
    private readonly WorkState _state;

    internal FleetReadiness(WorkState state) => _state = state;

    /// <summary>
    /// Why a running job waits for nodes: one of its open tasks needs nodes the online fleet cannot give it now (too few
    /// online nodes of diverse owners running its kernel, or its pinned gateway offline). Null when the job is not running,
    /// has no open task, or the online fleet could place them (they may still queue for capacity).
    /// </summary>
    /// <param name="job">The stored job.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The reason as one line, or null.</returns>
    public async Task<string?> WaitingForNodesAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Status != JobStatus.Running)
        {
            return null;
        }

        var spec = JobJson.DeserializeSpec(job.SpecJson);
        if (!spec.IsSuccess)
        {
            return null;
        }

        var kind = JobKinds.Of(spec.Value!);
        var dataLocal = kind.Region(spec.Value!) is not null;
        var open = (await _state.Store.ReadTasksAsync(job.JobId, cancellationToken).ConfigureAwait(false)).Where(t => t.Status == WorkTaskStatus.Open).ToList();
        if (open.Count == 0)
        {
            return null;
        }

        var fleet = Nodes();
        if (dataLocal)
        {
            // A data-local task runs on the one gateway its plan pinned it to: it waits while that gateway is offline.
            foreach (var task in open)
            {
                if (TaskTemplate.TryDecode(task, out _, out var pinned) && pinned is not null && !fleet.Any(n => n.NodeId == pinned && n.Online))
                {
                    return $"task {task.TaskId} runs only on {pinned}, which is offline";
                }
            }

            return null;
        }

        var policy = spec.Value!.Verification ?? kind.DefaultVerification;
        var needs = PlacementNeed.Of(open.Select(t => (t.Kernel, t.Kernel is KernelNames.Wasm or KernelNames.WasmBlob ? TaskTarget.Gateway : TaskTarget.Device)), policy);
        return PlaceabilityCheck.Check(needs, fleet, onlineOnly: true).Reason;
    }

    /// <summary>
    /// Every active registered node with its owners, and, from the node directory, the kernels it announced at its last
    /// birth (null when it never announced any) and whether it is online. Revoked nodes and devices whose gateway is
    /// unknown are left out, as the scheduler leaves them out.
    /// </summary>
    internal List<FleetNode> Nodes()
    {
        var known = _state.Nodes.Snapshot().ToDictionary(n => n.NodeId, StringComparer.Ordinal);
        var nodes = new List<FleetNode>();
        foreach (var gateway in _state.Registry.Gateways)
        {
            known.TryGetValue(gateway.Id, out var seen);
            nodes.Add(new FleetNode(gateway.Id, gateway.OwnerId, gateway.OwnerId, true, Announced(seen), seen?.Online == true));
        }

        foreach (var device in _state.Registry.Devices)
        {
            known.TryGetValue(device.Id, out var seen);
            var via = seen is { GatewayId.Length: > 0 } ? seen.GatewayId : device.HomeGatewayId;
            if (_state.Registry.FindGateway(via, out var gateway) != RegistryLookup.Found)
            {
                continue;
            }

            nodes.Add(new FleetNode(device.Id, device.OwnerId, gateway!.OwnerId, false, Announced(seen), seen?.Online == true));
        }

        return nodes;
    }

    /// <summary>A node's announced kernels; an empty set means it never announced (no birth seen), so it may run anything.</summary>
    private static IReadOnlySet<string>? Announced(NodeInfo? node) => node is null || node.Kernels.Count == 0 ? null : node.Kernels;
}
