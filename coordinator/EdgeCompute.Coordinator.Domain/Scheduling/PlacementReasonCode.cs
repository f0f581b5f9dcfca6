namespace EdgeCompute.Coordinator.Domain.Scheduling;

/// <summary>Why a <see cref="Placement"/> is short of the replicas wanted (or <see cref="Ok"/>).</summary>
public enum PlacementReasonCode
{
    /// <summary>Every replica wanted was placed.</summary>
    Ok = 0,

    /// <summary>Too few nodes (outside the excluded and existing ones) run the kernel.</summary>
    NoNodeSupportsKernel,

    /// <summary>Enough nodes run the kernel, but too few of them are online.</summary>
    NoneOnline,

    /// <summary>Enough nodes are online, but too few have a free slot.</summary>
    NoFreeCapacity,

    /// <summary>Enough nodes are eligible, but too few of them satisfy owner diversity with the other replicas.</summary>
    OwnerDiversityUnmet,

    /// <summary>The task is pinned to a node that is unknown, excluded, offline, full or lacks the kernel.</summary>
    PinnedNodeUnavailable,
}
