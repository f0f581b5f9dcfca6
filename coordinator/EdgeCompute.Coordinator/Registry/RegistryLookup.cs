namespace EdgeCompute.Coordinator.Registry;

/// <summary>What a registry look-up found.</summary>
public enum RegistryLookup
{
    /// <summary>The id is registered and active.</summary>
    Found,

    /// <summary>The id was never registered.</summary>
    Unknown,

    /// <summary>The id was registered and its key has been revoked.</summary>
    Revoked,
}
