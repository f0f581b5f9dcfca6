namespace EdgeCompute.Coordinator.Domain.Work;

/// <summary>Whether a device result answers an assignment that was issued (<see cref="IssuedAssignments.Authenticate"/>).</summary>
public enum ResultAuthenticity
{
    /// <summary>An assignment was issued for its (task, slot, device) and the frame's MAC verifies over exactly its bytes.</summary>
    Authentic = 1,

    /// <summary>No assignment was issued for its (task, slot, device).</summary>
    NotIssued = 2,

    /// <summary>The device is unknown, or the MAC does not verify against the assignment issued (altered, forged, replayed elsewhere).</summary>
    BadMac = 3,
}
